"""Knowledge-base articles and company policies of the sample store, Brightcart.

Every number here (days, fees, hours) is the single source of the store's rules: the
resolutions in ``texts/`` quote the same figures, and the tests check a few of them.
"""

ARTICLES: list[dict] = [
    # ------------------------------------------------------------------ returns
    {
        "slug": "how-to-return-an-item",
        "title": "How to return an item",
        "category": "product_return",
        "kind": "article",
        "body": """# How to return an item

You can return most items within **30 days of delivery** for any reason, as long as they are unused and in their original condition with tags and packaging.

## Start a return
1. Sign in and open **My Orders**.
2. Choose the order and select **Return items**.
3. Pick the items and a reason, then choose a refund to your original payment method, store credit or an exchange.
4. Download the prepaid return label, print it and stick it on the parcel. No printer? Choose the QR code instead and the drop-off point prints it for you.

Checked out as a guest? Use the returns portal with your order number and the email address you ordered with.

## What it costs
- **Change of mind:** the $5.95 label fee is deducted from your refund.
- **Damaged, defective or wrong item:** the label is free.
- **Exchanges** for another size or colour are free.

## Drop-off
Labels are valid for **14 days**. Drop the parcel at any carrier point and keep the receipt until your refund arrives. You can send several items from the same order in one box.

## After we receive it
Our warehouse inspects returns within 2 business days of arrival. Your refund is then issued to the original payment method and usually shows within **5-10 business days**; store credit is available within 24 hours of the return arriving.

## Large items
Sofas, beds and other furniture are collected from your home. Book a collection slot from the return page. Collection is free when the item is damaged or wrong, and costs $49 for a change-of-mind return.

See the [Returns policy](returns-policy) for the items that cannot be returned.
""",
    },
    {
        "slug": "exchange-for-a-different-size-or-colour",
        "title": "Exchange an item for a different size or colour",
        "category": "product_return",
        "kind": "article",
        "body": """# Exchange an item for a different size or colour

Shoes a little tight, or the jacket looks different in daylight? You can exchange clothing, shoes and accessories for another size or colour **free of charge** within the 30-day return window.

## How to exchange
1. Open **My Orders**, choose the order and select **Return items**.
2. Pick **Exchange** as the outcome and choose the new size or colour.
3. Print the free return label (or use the QR code) and drop the parcel off within 14 days.

We ship the replacement as soon as the carrier scans your return, so you do not have to wait for it to reach our warehouse. The replacement goes out by standard delivery (3-5 business days) at no cost.

## Good to know
- Exchanges are possible when the new size or colour is **in stock**. If it is sold out, choose a refund instead, or sign up for a back-in-stock alert on the product page.
- Each item can be exchanged **once**. If the second size does not fit either, return it for a refund.
- Want a different product altogether? Return the first item for a refund and place a new order. That way you lock in today's price and stock.
- If the price of the new size or colour differs, we refund or charge the difference to your original payment method.
- Items must be unworn, with tags attached. Shoes should be tried on indoors.

## Exchanges after 30 days
Outside the return window we can only exchange an item that is defective, under the [2-year warranty](warranty-claims).
""",
    },
    # ----------------------------------------------------------------- shipping
    {
        "slug": "shipping-options-and-delivery-times",
        "title": "Shipping options and delivery times",
        "category": "shipping_issue",
        "kind": "article",
        "body": """# Shipping options and delivery times

Orders placed before **2 pm ET** on a business day leave our warehouse the same day; later orders ship the next business day. Delivery times are counted from dispatch.

| Option | Delivery time | Price |
|---|---|---|
| Standard | 3-5 business days | $4.95, free on orders over $50 |
| Express | 1-2 business days | $12.95 |
| Next-day | next business day (order before 2 pm ET, Mon-Fri) | $19.95 |
| Freight (furniture and large appliances) | 7-10 business days, delivery slot booked by phone | $39, free over $500 |
| International | 7-14 business days | calculated at checkout |

## Weekends and holidays
We do not ship on weekends or public holidays, and carriers do not count them as delivery days. In the weeks before major holidays, allow one or two extra days for Standard delivery.

## International orders
We ship to more than 30 countries. Import duties and taxes may be charged by your country's customs office on delivery; they are not included in our prices.

## Split shipments
If your items are stored in different warehouses, your order may arrive in more than one parcel. Each parcel has its own tracking number, and you only pay shipping once.

## Late Express or Next-day orders
If an Express or Next-day order arrives later than promised, contact us and we refund the shipping fee.

For parcels that stop moving, see [Lost or late parcels](lost-or-late-parcels).
""",
    },
    {
        "slug": "track-your-order",
        "title": "Track your order",
        "category": "shipping_issue",
        "kind": "article",
        "body": """# Track your order

As soon as your order leaves the warehouse we send a **shipping confirmation email** with the carrier's name and a tracking link.

## Where to find tracking
- **My Orders** in your account or the app: select the order to see every parcel and its status.
- **Guest orders:** use *Track an order* in the site footer with your order number (it looks like ORD-10482) and your email address.

## What the statuses mean
- **Processing** - we are picking and packing your items. You can still change the address or cancel.
- **Shipped** - the parcel has left our warehouse. Tracking can take up to **24 hours** to show the first scan.
- **In transit** - the carrier has the parcel.
- **Out for delivery** - it should arrive today.
- **Delivered** - the carrier has recorded a delivery. If you cannot find it, check with neighbours and any safe place, and wait 48 hours before contacting us; parcels are sometimes scanned early.

## No tracking email?
Check spam or promotions folders first. If your order shows *Processing* for more than 2 business days, contact us and we will check with the warehouse.

## Freight deliveries
Furniture and large appliances travel with our freight partner. They call you within 3 business days of dispatch to book a delivery slot, and the tracking link shows the slot once it is booked.

If tracking has not changed for 5 business days, read [Lost or late parcels](lost-or-late-parcels).
""",
    },
    {
        "slug": "change-or-add-a-shipping-address",
        "title": "Change or add a shipping address",
        "category": "shipping_issue",
        "kind": "article",
        "body": """# Change or add a shipping address

## Change the address of an order
You can change the delivery address **until the order ships**, while its status is *Processing*.

1. Open **My Orders** and select the order.
2. Choose **Change address** and enter or pick the new address.
3. We confirm the change by email.

If the button is greyed out, the order has been packed and handed to the carrier, or you checked out as a guest. Contact us straight away: if it has not left the building we can still update it.

## Once the order has shipped
We can no longer change the address ourselves. You can:
- use the carrier's **redirect** option from the tracking page, where the carrier offers it;
- ask for the parcel to be held at a pickup point;
- let it return to us, after which we refund it or send it again to the right address.

## Add or save an address
1. Go to **Account > Addresses** and select **Add new address**.
2. Enter the name, street, apartment or unit number, postcode and a phone number the carrier can call.
3. Tick **Set as default** if you want it preselected at checkout.

You can store up to **10 addresses**, for example home, work and family. Editing a saved address does not change orders that have already been placed.

## Tips
- Include the apartment number and any building name, since most failed deliveries come from incomplete addresses.
- We cannot deliver to PO boxes with Freight or Next-day delivery.
""",
    },
    {
        "slug": "lost-or-late-parcels",
        "title": "Lost or late parcels",
        "category": "shipping_issue",
        "kind": "article",
        "body": """# Lost or late parcels

## My parcel is late
A Standard parcel counts as late when it has not arrived **2 business days** after the estimated delivery date. Before contacting us, check the tracking link: carriers sometimes hold parcels at a local depot or pickup point and leave a card.

## Tracking has not moved
If tracking has not updated for **5 business days**, contact us with your order number. We open a trace with the carrier. If the parcel is not found within **3 business days** of the trace, we send a replacement or give you a full refund, whichever you prefer.

## Marked as delivered but not received
1. Check with neighbours, your building's reception or mail room, and any safe place.
2. Look for a delivery photo on the tracking page.
3. Wait **48 hours**, since parcels are sometimes scanned as delivered before they arrive.

Then contact us. We open an investigation with the carrier and resolve it within **5 business days** with a replacement or a full refund.

## Late Express or Next-day delivery
If a paid Express or Next-day delivery arrives late, we refund the shipping fee on request.

## Returned to sender
If a parcel comes back to us because the address was incomplete or nobody collected it, we contact you and either ship it again or refund the order. Shipping fees are not refunded when the address was incorrect.
""",
    },
    {
        "slug": "change-or-cancel-an-order",
        "title": "Change or cancel an order",
        "category": None,
        "kind": "article",
        "body": """# Change or cancel an order

## Cancel within 60 minutes
For the first **60 minutes** after ordering you can cancel the whole order yourself: open **My Orders**, select the order and choose **Cancel order**.

## After 60 minutes
Contact us. We can still cancel or edit the order (remove an item, change the size or colour, or update the address) **until it ships**. Once the status changes to *Shipped*, the order can no longer be changed.

## Already shipped?
You can refuse the delivery or return the items under our [Returns policy](returns-policy) within 30 days of delivery. The usual $5.95 return label fee applies to change-of-mind returns.

## Adding items
We cannot add items to an order that has been placed. Place a second order; if both are Standard deliveries placed on the same day, ask us to refund the second shipping fee.

## When is my money back?
- If the order was cancelled before we captured the payment, your bank releases the authorisation hold within **3-5 business days**. Nothing is charged.
- If the payment was already captured, we refund it to your original payment method within **5-10 business days**.

## Pre-orders
Pre-orders can be cancelled free of charge at any time before they ship.

## Promo codes
If you cancel an order that used a single-use promo code, the code is reactivated automatically within 24 hours as long as it has not expired.
""",
    },
    # ----------------------------------------------------------------- payments
    {
        "slug": "accepted-payment-methods",
        "title": "Accepted payment methods",
        "category": "payment_problem",
        "kind": "article",
        "body": """# Accepted payment methods

We accept:

- **Cards:** Visa, Mastercard, American Express and Discover, including debit cards
- **PayPal**
- **Apple Pay** and **Google Pay**
- **Klarna** - pay in 4 interest-free instalments on orders between $35 and $1,000
- **Brightcart gift cards**, which can be combined with any other method

We do **not** accept cash on delivery, bank transfers, cheques or cryptocurrency.

## Currency
All prices are in US dollars. International cards are welcome; your bank may add a foreign transaction fee.

## When we charge you
We place an authorisation hold when you order and capture the payment when the order ships. If part of the order ships later, you are charged for each part as it ships. This is why you may see a "pending" amount on your statement before the final charge.

## Saving a card
You can save cards under **Account > Payment methods**. We store them with our payment provider; Brightcart never sees or keeps your full card number. If a subscription payment fails, for example because a card expired, we retry it for 3 days, so update the card there and select it under **Account > Subscriptions**.

## Gift cards
Gift cards never expire and are refunded to the gift card if you return something. Check your balance under **Account > Gift cards**.

## Business customers
Companies ordering 10 or more units can request invoicing by contacting business@brightcart.example.

Having trouble paying? See [Failed or declined payments](failed-or-declined-payments).
""",
    },
    {
        "slug": "failed-or-declined-payments",
        "title": "Failed or declined payments",
        "category": "payment_problem",
        "kind": "article",
        "body": """# Failed or declined payments

A declined payment is almost always decided by your bank or card issuer, not by us. We are not told the reason, but these are the usual causes:

- the card number, expiry date or CVC was mistyped;
- the **billing address** does not match the one your bank has on file;
- the **3-D Secure** check (a code or approval in your banking app) was not completed in time;
- the card is not enabled for online or international purchases;
- a daily spending limit or insufficient funds.

## What to try
1. Check the card details and billing address.
2. Approve the payment in your banking app when asked, and keep the checkout page open while you do.
3. Try another method: PayPal, Apple Pay, Google Pay or a different card.
4. Call the number on the back of your card and ask the bank to allow the payment.

For security, after **3 declined attempts** checkout pauses for **30 minutes**.

## Money taken but no order?
If your payment failed but you see an amount on your statement, it is usually an **authorisation hold**, not a charge. The bank releases it automatically within **3-5 business days**. If the order was actually placed, you receive a confirmation email within 30 minutes.

If the amount is still there after 5 business days, or it shows as a completed charge, contact us with the date, amount and last four digits of the card. We treat these cases as urgent.

## Klarna
Klarna makes its own approval decision. If Klarna declines, you can still pay by card or PayPal.
""",
    },
    {
        "slug": "duplicate-or-unexpected-charges",
        "title": "Duplicate or unexpected charges",
        "category": "payment_problem",
        "kind": "article",
        "body": """# Duplicate or unexpected charges

## Charged twice?
First check whether one of the two amounts is **pending**. A pending amount is an authorisation hold, for example from a checkout attempt that failed or that you retried. Holds disappear on their own within **3-5 business days** and are never collected.

If both amounts are completed charges for the same order, contact us with your order number, the date and the amount. We verify the charges within **1 business day** and reverse the duplicate. The reversal shows on your statement within **3-5 business days after verification**. We treat duplicate charges as urgent.

## Other charges you might not recognise
- **Split shipments:** orders that ship in several parcels are charged per parcel.
- **Klarna instalments:** one quarter of the order total is charged every two weeks.
- **Currency conversion:** international cards may show a slightly different amount plus a bank fee.
- **Subscriptions:** filter, pod or coffee-bean subscriptions are charged on the date shown under **Account > Subscriptions**.

## A charge you did not make
If you see an order you did not place, contact us immediately and also tell your bank. We cancel any unshipped orders, secure the account and refund fraudulent orders in full. See [Account security](account-security-and-two-factor-authentication).

## Chargebacks
You can always dispute a charge with your bank, but contacting us first is usually faster. A chargeback freezes the order until the bank decides, which can take up to 90 days.
""",
    },
    # ------------------------------------------------------------------ refunds
    {
        "slug": "refund-timelines-and-tracking",
        "title": "Refund timelines and how to track a refund",
        "category": "refund_request",
        "kind": "article",
        "body": """# Refund timelines and how to track a refund

## How long does a refund take?
1. **Return in transit** - track it with the link on your return receipt.
2. **Return received** - our warehouse inspects it within **2 business days** of arrival.
3. **Refund issued** - we email you the amount and the payment method.
4. **Money on your account** - refunds go back to the **original payment method** and usually show within **5-10 business days** of being issued. Depending on your bank, this can take longer.

Store credit is the fastest option: it is available within 24 hours of your return arriving.

## Track your refund
Open **My Orders** and select the order. Each returned item shows *Return started*, *Received*, *Refund issued* and the refund date. Guests can use the returns portal with the order number and email address.

## By payment method
- **Cards, Apple Pay, Google Pay:** back to the card, 5-10 business days.
- **PayPal:** back to your PayPal balance or funding source.
- **Klarna:** your payment plan is reduced or cancelled; Klarna updates it within a few days.
- **Gift card:** back to the gift card, usually the same day.

## What is refunded
- The price of the returned items.
- Original shipping fees only when the item was damaged, defective or wrong, or when the whole order was cancelled before shipping.
- For change-of-mind returns, the $5.95 label fee is deducted.

## Still not there?
If more than 10 business days have passed since the refund was issued, contact us. We send you the refund reference so your bank can trace it.
""",
    },
    # ------------------------------------------------------------------- damage
    {
        "slug": "damaged-or-defective-items",
        "title": "Damaged or defective items",
        "category": "damaged_product",
        "kind": "article",
        "body": """# Damaged or defective items

We are sorry if something arrived broken. Here is how we put it right.

## Report it within 14 days
Contact us within **14 days of delivery** through **My Orders > Report a problem**, or reply to your order confirmation. Please attach photos of:
- the damaged item, showing the damage clearly;
- the outer box, including any dents, holes or crushed corners;
- the shipping label.

Photos help us claim from the carrier, and we cannot process transit damage claims without them.

## What we offer
- a **replacement**, sent free by Express as soon as it is in stock, usually within 1-2 business days; or
- a **full refund**, including the original shipping fee, to your original payment method.

For items under $30, we usually do not need the damaged item back. For anything else we email a **free return label**. For furniture and large appliances we book a **free collection**.

## Defective on arrival
If an item does not work when you first use it, contact us within 30 days of delivery and choose a refund or a replacement. After 30 days, defects are covered by our [2-year warranty](warranty-claims).

## Wrong item received
If we sent the wrong item, colour or size, we send the correct one and a free return label for the wrong one.

## Safety first
If a product sparks, smells of burning, overheats, or its battery swells, **stop using it and unplug it**. Do not post a swollen battery back. Contact us: safety cases are handled as urgent, and we refund or replace the product and send disposal instructions.
""",
    },
    {
        "slug": "missing-or-wrong-parts",
        "title": "Missing parts, accessories or pieces",
        "category": "damaged_product",
        "kind": "article",
        "body": """# Missing parts, accessories or pieces

## Before you contact us
- **Check all packaging.** Small parts such as screws, feet, cables and remote controls are often taped inside the lid or under a foam insert.
- **Check your parcels.** Larger orders and furniture often arrive in more than one box. The packing slip lists how many parcels to expect (for example "Box 2 of 3").
- **Check the manual.** Some accessories are only sold separately; the "In the box" list shows what is included.

## Report a missing part
Open **My Orders > Report a problem** within **14 days of delivery** and tell us:
1. the order number;
2. the part name or number from the assembly manual;
3. a photo of the parts you did receive, laid out if possible.

We ship missing parts **free of charge** and they arrive within **3-5 business days**. You do not need to return anything.

## Wrong or damaged parts
If a part is the wrong size, cracked or bent, send a photo. We ship the correct part free of charge within the same 3-5 business days.

## Cannot wait?
If a missing part means you cannot use the product at all and you would rather not wait, you can return the whole item within 30 days of delivery for a full refund with a free return label, or for furniture a free collection.

## Furniture assembly
Our furniture instructions are also online as PDFs and videos on each product page. If assembly is impossible because a pre-drilled hole is missing or misaligned, treat it as a defective part and report it as above.
""",
    },
    {
        "slug": "warranty-claims",
        "title": "Warranty claims",
        "category": None,
        "kind": "article",
        "body": """# Warranty claims

Every product we sell comes with a **2-year warranty** from the date of delivery. It covers manufacturing defects: faults in materials or workmanship that appear during normal use.

## What is covered
- electronics that stop working, lose charge abnormally or develop faulty buttons or ports;
- appliances with failing motors, heating elements or pumps;
- furniture with broken frames, failing mechanisms or seams that come apart;
- shoes and clothing with defective soles, zips or stitching.

## What is not covered
- accidental damage such as drops, spills or cracked screens;
- normal wear and tear, such as worn soles or faded fabric;
- misuse, or use that ignores the care instructions (for example, descaling a coffee machine is your job);
- repairs or modifications by anyone other than us or an authorised service partner;
- consumables such as filters, brush heads and batteries after their normal life.

## Making a claim
1. Go to **My Orders**, select the order and choose **Warranty claim**.
2. Describe the fault and add a photo or short video.
3. We reply within 2 business days.

We **repair** the product, **replace** it with the same or an equivalent model, or **refund** it if neither is possible. Shipping for warranty repairs is free both ways, and most claims are completed within 10 business days of the item reaching us.

## Within 30 days of delivery
If an item is faulty in the first 30 days, you can choose a refund instead of a repair. See [Damaged or defective items](damaged-or-defective-items).

A replacement item keeps the remaining warranty of the original product, or 6 months, whichever is longer.
""",
    },
    # ------------------------------------------------------------------ account
    {
        "slug": "reset-your-password-and-sign-in-problems",
        "title": "Reset your password and fix sign-in problems",
        "category": "account_issue",
        "kind": "article",
        "body": """# Reset your password and fix sign-in problems

## Forgot your password
1. On the sign-in page, select **Forgot password?**
2. Enter the email address of your account.
3. Open the email from Brightcart and follow the link. It is valid for **60 minutes**, and only the most recent link works.
4. Choose a new password of at least 10 characters.

No email after 10 minutes? Check spam and promotions folders, and make sure you used the address you signed up with. If you checked out as a guest, there is no password yet: create an account with the same email and your past orders are linked automatically.

## Too many attempts
After **5 failed sign-in attempts within 5 minutes**, sign-in is paused for 5 minutes to protect your account. Wait, then try again or reset your password.

## Other common problems
- **Signed up with Apple or Google?** Use the same button to sign in; there is no separate password.
- **Changed your email address?** Sign in with the new one once you have confirmed it.
- **The app keeps signing you out:** update the app and check that your phone's date and time are set automatically.
- **Verification email expired:** it is valid for 24 hours; request a new one from the sign-in page.

## Lost access to your email address
Contact us from the chat or by phone. We verify your identity with your name, a recent order number and the last four digits of the card used, and then update the email address on the account. This can take up to 1 business day.

For two-factor codes, see [Account security](account-security-and-two-factor-authentication).
""",
    },
    {
        "slug": "account-security-and-two-factor-authentication",
        "title": "Account security and two-factor authentication",
        "category": "account_issue",
        "kind": "article",
        "body": """# Account security and two-factor authentication

## Turn on two-factor authentication (2FA)
1. Go to **Account > Security > Two-factor authentication**.
2. Choose an **authenticator app** (recommended) or **SMS codes**.
3. Scan the QR code or confirm your phone number, then enter the 6-digit code.
4. Save your **10 backup codes** somewhere safe. Each code works once.

## Lost your phone?
Sign in with a backup code, then set up 2FA again on your new phone. Without backup codes, contact us: we verify your identity with your name, a recent order number and the last four digits of the card used, then remove 2FA so you can set it up again. This takes up to 1 business day.

## Signs someone else is using your account
- orders, addresses or payment cards you do not recognise;
- emails about password or email changes you did not make;
- being signed out everywhere unexpectedly.

**Contact us immediately**; account takeovers are handled as urgent. We will:
1. lock the account and sign out every session;
2. cancel any unshipped orders you did not place;
3. refund fraudulent orders in full to the original payment method;
4. help you set a new password and turn on 2FA.

Also tell your bank if a card was used without your permission.

## Good habits
- Use a unique password that you do not use on other sites.
- Review active sessions under **Account > Security > Devices** and sign out devices you do not recognise.
- Brightcart will **never** ask for your password, full card number or 2FA codes by email, chat or phone. Forward suspicious messages to security@brightcart.example.
""",
    },
    {
        "slug": "create-edit-switch-or-delete-your-account",
        "title": "Create, edit, switch or delete your account",
        "category": "account_issue",
        "kind": "article",
        "body": """# Create, edit, switch or delete your account

## Create an account
Select **Sign up** and use your email address, or continue with Apple or Google. We send a verification email that is valid for **24 hours**. If it expired, request a new one from the sign-in page. Past guest orders placed with the same email are added to your new account automatically.

Registration fails with "email already in use"? You (or a past guest order) already have an account with that address. Use **Forgot password?** to get in.

## Edit your details
Under **Account > Profile** you can change your name, phone number and email address. A new email address must be confirmed from the link we send to it before it takes effect. Addresses are managed under **Account > Addresses**, and cards under **Account > Payment methods**.

## Switch between accounts
The website and app are signed in to one account at a time. To switch, choose **Sign out** and sign in with the other account. We cannot merge two accounts: order history stays with the account it was placed from. If you no longer need one of them, you can delete it.

## Delete your account
1. Go to **Account > Privacy > Delete my account**.
2. Confirm from the email we send you.

Open orders and returns must be finished first. Deletion is completed within **30 days**. Your profile, saved addresses, cards and marketing preferences are removed. Order and invoice records are kept for **7 years** because tax law requires it. Unused store credit and gift card balances are lost when the account is deleted, so spend them first or ask us for help.

Changed your mind? Sign in within 7 days of the request to cancel the deletion.

For what we store about you, see the [Privacy and data policy](privacy-and-data-policy).
""",
    },
    # --------------------------------------------------------------- technical
    {
        "slug": "app-and-website-troubleshooting",
        "title": "Troubleshooting the Brightcart app and website",
        "category": "technical_support",
        "kind": "article",
        "body": """# Troubleshooting the Brightcart app and website

## First, check for an outage
Visit **status.brightcart.example**. If there is an incident, we are already working on it and the page shows updates every 30 minutes.

## The app crashes, freezes or shows an error
1. Update the app to the latest version. We support **iOS 15 or later** and **Android 10 or later**.
2. Close the app completely and open it again.
3. Sign out and sign back in.
4. **Android:** Settings > Apps > Brightcart > Storage > Clear cache. **iOS:** delete and reinstall the app. Your account and orders are stored online, so nothing is lost.
5. Restart your phone, and switch between Wi-Fi and mobile data.

## The website does not load or checkout fails
- Use a recent version of Chrome, Safari, Firefox or Edge.
- Clear cookies for brightcart.example, or try a private window.
- Pause ad blockers and privacy extensions on the checkout page, since they can block the payment form.
- *Error 503* means planned maintenance; try again in a few minutes.

## Promo code or basket problems
If items disappear from your basket, sign in on every device; baskets of signed-out visitors are kept for 7 days. If a promo code is rejected, check its minimum order value and expiry date.

## Still not working?
Send us:
- your device model and operating system version;
- the app version (**Account > About**) or your browser;
- a screenshot of the error and what you were doing.

Bugs are passed to our engineering team. If an error stopped you from ordering at a sale price, we honour that price for 48 hours once we have confirmed the problem.
""",
    },
    {
        "slug": "smart-device-setup-and-firmware",
        "title": "Smart device setup, connectivity and firmware updates",
        "category": "technical_support",
        "kind": "article",
        "body": """# Smart device setup, connectivity and firmware updates

This guide covers the Brightcart Home range: smart plugs, bulbs, robot vacuums, video doorbells, security cameras and the smart kettle.

## Set up a new device
1. Install the **Brightcart Home** app and sign in with your Brightcart account.
2. Turn on Bluetooth and location on your phone (needed for pairing only).
3. Plug in the device; its light blinks blue when it is ready to pair.
4. Tap **Add device** and follow the steps. Stay within 3 metres of your router.

## It will not connect to Wi-Fi
- Our devices use **2.4 GHz Wi-Fi only**. If your router combines 2.4 and 5 GHz under one name, turn on a separate 2.4 GHz network in your router settings, or temporarily turn off 5 GHz during setup.
- Use WPA2 or WPA2/WPA3 mixed security; WPA3-only networks are not supported.
- Check the Wi-Fi password; it is case-sensitive.
- Guest networks and captive portals (hotel or campus Wi-Fi) do not work.

## Factory reset
Hold the reset button for **10 seconds** until the light blinks amber, then add the device again. For cameras and doorbells, a reset deletes local clips stored on the device.

## Firmware updates
Updates install automatically overnight. To update manually, open the device in the app and choose **Settings > Firmware**. An update takes up to 10 minutes; **do not unplug the device** during the update. If an update stalls at the same percentage for more than 20 minutes, unplug the device for 30 seconds, plug it back in and try again. The device keeps its previous firmware if an update fails.

## Bluetooth headphones and speakers
To pair, hold the power button for **7 seconds** until the light flashes blue and red. To clear old pairings, hold power and volume down for 10 seconds.

## Device offline after it worked
Restart the router, check that the device is in range, and make sure the router did not move it to 5 GHz. If the device still does not work after a reset, it may be defective: contact us for a replacement under the [2-year warranty](warranty-claims).
""",
    },
    # ------------------------------------------------------------------ general
    {
        "slug": "contact-customer-service",
        "title": "Contact customer service",
        "category": "general_inquiry",
        "kind": "article",
        "body": """# Contact customer service

## Opening hours (Eastern Time)
- **Live chat and phone:** Monday-Friday 8 am-8 pm, Saturday 9 am-5 pm. Closed on Sundays and public holidays.
- **Email and contact form:** any time. We reply within **1 business day**, and urgent cases within 1 hour during opening hours.

## How to reach us
- **Chat:** the chat bubble on every page and in the app. Our assistant answers common questions straight away.
- **Talk to a person:** type *agent* in the chat, or choose option 0 on the phone menu, to be transferred to a member of our team during opening hours. Outside opening hours, leave a message and we reply the next business day.
- **Phone:** 1-800-555-0199.
- **Contact form:** *Help > Contact us*. Add your order number (for example ORD-10482) so we can help faster.

## Before you contact us
Many things can be done instantly in **My Orders**: tracking, cancelling within 60 minutes, changing the address before shipping, starting a return and reporting a damaged item.

## Social media
We reply to messages on our social channels during opening hours, but never share or ask for order details, addresses or payment information there.

## Feedback and complaints
We read all feedback, from product ideas to complaints about our service. Use *Help > Feedback*, or ask any agent to pass it on. If you are not happy with how your case was handled, ask for it to be reviewed by a team lead; we reply within 2 business days.

## Press and business
Press enquiries: press@brightcart.example. Orders of 10 or more units and business invoices: business@brightcart.example.
""",
    },
    {
        "slug": "newsletter-and-email-preferences",
        "title": "Newsletter and email preferences",
        "category": "general_inquiry",
        "kind": "article",
        "body": """# Newsletter and email preferences

## Subscribe
Enter your email address in the sign-up box at the bottom of any page, or tick **Newsletter** under **Account > Communication preferences**. Confirm from the email we send you.

New subscribers get a **10% welcome code** for their first order. The code is sent once per email address, is valid for 30 days and cannot be combined with other promo codes.

## What you receive
At most two emails a week: new products, sales and the occasional buying guide. You can also choose to receive only sale alerts, or only back-in-stock alerts for products you have saved.

## Unsubscribe
- Select **Unsubscribe** at the bottom of any newsletter; or
- untick **Newsletter** under **Account > Communication preferences**.

The change takes effect immediately, but emails that were already scheduled may still reach you for up to **48 hours**.

**SMS offers:** reply STOP to any text message.

## Emails you still receive after unsubscribing
Service emails (order confirmations, shipping updates, return and refund notices, password resets) are sent even if you unsubscribe from marketing, because they are about your orders and account.

## Not receiving emails?
Add noreply@brightcart.example to your contacts and check spam and promotions folders. Some work email systems block marketing messages.

## Your data
We never sell your email address. See the [Privacy and data policy](privacy-and-data-policy).
""",
    },
    {
        "slug": "product-questions-and-buying-advice",
        "title": "Product questions and buying advice",
        "category": "general_inquiry",
        "kind": "article",
        "body": """# Product questions and buying advice

Not sure which product fits? Our team answers pre-sales questions in chat and by phone during opening hours (Monday-Friday 8 am-8 pm and Saturday 9 am-5 pm ET).

## Stock and restocks
The product page shows live stock. For sold-out items, choose **Notify me** to receive one email when the item is back. We cannot reserve items or promise restock dates we do not know.

## Sizes and dimensions
Every clothing and shoe page has a size chart; the reviews show whether an item runs small or large. Furniture pages list the packaged dimensions, so you can check doorways and stairs before you order.

## Price drops
If our price for an item drops within **14 days** of your purchase, contact us and we refund the difference, once per item. We do not match other retailers' prices.

## Gift options
- Gift wrapping is $4 per item and can be chosen at checkout.
- Gift receipts hide prices, and the recipient can exchange items within the 30-day return window.
- Gift cards are available from $10 to $500 and never expire.

## Compatibility
Smart devices work with the Brightcart Home app and with the voice assistants listed on the product page. They need 2.4 GHz Wi-Fi.

## Business and bulk orders
For 10 or more units, email business@brightcart.example for a quote and invoicing.

## Reviews
Only verified buyers can review products, and we publish negative reviews too. We do not edit reviews. Questions on the product page are usually answered by our team within 2 business days.
""",
    },
    # ----------------------------------------------------------------- policies
    {
        "slug": "returns-policy",
        "title": "Returns policy",
        "category": "product_return",
        "kind": "policy",
        "body": """# Returns policy

**Effective 1 January 2026.**

## 1. Return window
Items may be returned within **30 days of delivery**. Orders delivered between 1 November and 24 December may be returned until 31 January of the following year.

## 2. Condition
Returned items must be unused, in their original condition and, where possible, in their original packaging with tags attached. We may reduce a refund for items returned used, damaged by the customer or incomplete, and we will explain why.

## 3. Items that cannot be returned
- gift cards;
- personalised or made-to-measure items;
- opened hygiene products such as razors, toothbrush heads and cosmetics;
- items marked *Final sale*.

These can still be returned if they arrive damaged, are defective or are not what was ordered.

## 4. Return shipping
- Change-of-mind returns: a prepaid label costs **$5.95**, deducted from the refund.
- Damaged, defective or wrong items: the return label is **free**.
- Exchanges for another size or colour: free, once per item, subject to stock.
- Furniture and large appliances: collection is free if the item is damaged or wrong, and **$49** for change-of-mind returns.

Return labels are valid for 14 days.

## 5. Refunds
Refunds are issued under the [Refund policy](refund-policy): to the original payment method, within 5-10 business days after the return has been received and inspected.

## 6. Outside the return window
Defects that appear after 30 days are handled under the **2-year warranty**. Change-of-mind returns after the window are not accepted. Agents may not make exceptions without approval from a team lead.
""",
    },
    {
        "slug": "refund-policy",
        "title": "Refund policy",
        "category": "refund_request",
        "kind": "policy",
        "body": """# Refund policy

**Effective 1 January 2026.**

## 1. Method
Refunds are paid to the **original payment method**. Gift card payments are refunded to the gift card. Customers may choose **store credit** instead, available within 24 hours of the return arriving. We do not refund in cash or to a different card.

## 2. Timing
- Returned items are inspected within **2 business days** of arriving at our warehouse.
- The refund is then issued and usually appears within **5-10 business days**, depending on the bank.
- Cancelled orders: an uncaptured authorisation is released by the bank within **3-5 business days**; a captured payment is refunded within 5-10 business days.
- Duplicate charges are reversed within **3-5 business days after verification**. Verification takes up to 1 business day.

## 3. Amount
- Full price of the returned items.
- Original shipping fees are refunded only when the item was damaged, defective or wrong, or when the order was cancelled before it shipped.
- The $5.95 return label fee is deducted for change-of-mind returns.
- Items returned used or incomplete may receive a partial refund.

## 4. Refunds without a return
- Damaged items under $30 reported with photos within 14 days: refunded without returning the item.
- Lost parcels: refunded or replaced after a carrier trace of 3 business days, or an investigation of up to 5 business days for parcels marked delivered.

## 5. Price drops
If our price for an item drops within 14 days of purchase, the difference is refunded on request, once per item.

## 6. Goodwill
Agents may offer up to **$20 in store credit** or free Express shipping on the next order as goodwill without approval. Larger goodwill gestures and refunds outside this policy need team-lead approval.
""",
    },
    {
        "slug": "shipping-policy",
        "title": "Shipping policy",
        "category": "shipping_issue",
        "kind": "policy",
        "body": """# Shipping policy

**Effective 1 January 2026.**

## 1. Dispatch
Orders placed before 2 pm ET on a business day are dispatched the same day; other orders are dispatched on the next business day. Pre-orders are dispatched on the release date shown on the product page.

## 2. Options and fees
- Standard: 3-5 business days, $4.95, free on orders over $50.
- Express: 1-2 business days, $12.95.
- Next-day: next business day for orders placed before 2 pm ET Monday to Friday, $19.95.
- Freight (furniture and large appliances): 7-10 business days with a booked delivery slot, $39, free on orders over $500.
- International: 7-14 business days; duties and import taxes are paid by the recipient.

## 3. Address changes
The delivery address can be changed until the order ships. After dispatch, we cannot change the address; customers may use the carrier's redirect service where available.

## 4. Late and lost parcels
- A Standard parcel is late 2 business days after its estimated date.
- No tracking movement for 5 business days: we open a trace; if the parcel is not found within 3 business days, we replace or refund it, as the customer chooses.
- Marked delivered but not received: after 48 hours we open a carrier investigation and resolve it within 5 business days.
- Late Express or Next-day deliveries: the shipping fee is refunded on request.

## 5. Failed deliveries
Carriers make up to two delivery attempts and then hold the parcel at a pickup point for 7 days. Uncollected parcels return to us and are refunded, minus the original shipping fee.

## 6. Restrictions
We do not deliver Freight or Next-day orders to PO boxes, and we do not ship lithium batteries sold on their own outside the US.
""",
    },
    {
        "slug": "privacy-and-data-policy",
        "title": "Privacy and data policy",
        "category": "account_issue",
        "kind": "policy",
        "body": """# Privacy and data policy

**Effective 1 January 2026.**

## 1. What we collect
- account details: name, email address, phone number, saved addresses;
- orders, returns and support conversations;
- payment tokens from our payment provider; we never store full card numbers;
- device and usage data from the website and app, with your cookie consent.

## 2. Why we use it
To deliver orders, process returns and refunds, prevent fraud, answer support requests and, if you opt in, send marketing. Support conversations may be analysed by our AI tools to suggest answers to our agents; an agent reviews every reply before it is sent.

## 3. Sharing
We share only what is needed with carriers, payment providers and IT service providers under contract. We **do not sell** personal data.

## 4. Retention
- Account data: until you delete your account.
- Order and invoice records: **7 years**, as tax law requires.
- Support conversations: 3 years after the ticket is closed.
- Marketing preferences: removed immediately when you unsubscribe or delete your account.

## 5. Your rights
- **Access and export:** request a copy of your data under **Account > Privacy > Download my data**; we provide it within **30 days**.
- **Correction:** edit your details under Account > Profile, or ask us.
- **Deletion:** delete your account under Account > Privacy; deletion is completed within **30 days**, apart from records we must keep by law.
- **Objection:** unsubscribe from marketing at any time.

## 6. Security
Accounts can be protected with two-factor authentication. We will never ask for your password or 2FA codes.

## 7. Contact
Privacy questions: privacy@brightcart.example. We reply within 5 business days.
""",
    },
    {
        "slug": "escalation-policy",
        "title": "Support escalation and priority policy",
        "category": None,
        "kind": "policy",
        "body": """# Support escalation and priority policy

**Internal. Effective 1 January 2026.**

## 1. Priorities
- **Urgent:** money taken twice; payment deducted but the order failed; suspected fraud or account takeover; a safety hazard (overheating, sparking, burning smell, swollen battery, injury).
- **High:** lost or significantly late parcels; damaged or defective items; customers locked out of their account; outages that block checkout.
- **Medium:** returns and exchanges, most refund questions, how-to and troubleshooting questions, address changes.
- **Low:** general questions, newsletter and preferences, feedback, pre-sales questions.

Raise the priority by one level for repeat contacts about the same unresolved problem, or when the customer depends on the item (for example, medical or accessibility needs).

## 2. Response and resolution targets
| Priority | First response | Resolution |
|---|---|---|
| Urgent | 1 hour | 8 hours |
| High | 4 hours | 24 hours |
| Medium | 8 hours | 72 hours |
| Low | 24 hours | 120 hours |

## 3. Escalate to a team lead when
- there is a safety hazard or an injury;
- fraud, account takeover or a chargeback is involved;
- the customer mentions legal action, regulators or the press;
- this is the third contact about the same issue;
- a refund or goodwill gesture goes beyond the [Refund policy](refund-policy) (more than $20 in goodwill, or exceptions to the return window);
- the AI assistant's confidence is low and the agent is unsure of the answer.

## 4. Replies
Agents quote only what our policies allow. Never promise delivery dates the carrier has not confirmed, or refunds faster than the published timelines. AI drafts must be reviewed and approved by an agent before they are sent.
""",
    },
]
