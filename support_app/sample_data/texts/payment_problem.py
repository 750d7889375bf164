"""Payments: failed and declined payments, duplicate charges, payment methods, holds and fraud."""

from support_app.sample_data._scenario import intl, scenario

SCENARIOS = [
    scenario(
        "medium", ["card-declined"],
        [
            ("card declined", "my card keeps getting declined at checkout but it works everywhere else"),
            (
                "Payment not going through",
                "Hello, I've been trying to buy the {product} for about an hour. Every time I click Pay "
                "it says 'Payment declined, please try another method'. My bank says they can't see any "
                "attempt on their side. I've double checked the card number. What is going on?\n\n{name}",
            ),
        ],
        "Hi {first}, sorry for the trouble. The decline comes from the card issuer, and we aren't told the "
        "reason. The most common causes are a billing address that doesn't exactly match the one your bank "
        "has, a 3-D Secure approval that timed out in your banking app, or online purchases being disabled "
        "on the card. Please check the billing address, keep the checkout page open while you approve the "
        "payment in your banking app, or try PayPal, Apple Pay or Google Pay. After 3 declined attempts "
        "checkout pauses for 30 minutes for security, so wait a little before the next try.",
        products=["", "robot vacuum"], order=False,
    ),
    scenario(
        "urgent", ["duplicate-charge"],
        [
            (
                "Charged twice for the same order!!",
                "I've been charged TWICE for order {order}. $189.99 two times on my credit card "
                "statement, both completed, not pending. I want the second one back immediately.",
            ),
            (
                "double charge",
                "hi, looks like you took the money twice for my {product}, order {order}. can you "
                "refund one of them please",
            ),
            (
                "Two identical charges on my statement",
                "Hello,\n\nI placed order {order} on Saturday evening. The page froze after I pressed Pay, so "
                "I refreshed and the confirmation appeared. I only got one confirmation email and there's "
                "only one order in My Orders, but my credit card statement now shows two completed charges "
                "of exactly the same amount on the same day. Neither is marked as pending. I've attached a "
                "screenshot of the statement with the card number blurred. Could you please check and refund "
                "the extra one?\n\nKind regards,\n{name}",
            ),
        ],
        "Hi {first}, I'm sorry about this. I've verified with our payment provider that {order} was "
        "captured twice, and I've reversed the duplicate charge today. The reversal shows on your statement "
        "within 3-5 business days after verification, so by the end of next week at the latest. You'll "
        "receive an email confirmation with the refund reference.",
        products=["", "air fryer"],
    ),
    scenario(
        "urgent", ["payment-failed", "money-deducted"],
        [
            (
                "Money taken but order failed",
                "The checkout gave me an error 'something went wrong' but $74.50 has gone from my bank "
                "account. There's no order in My Orders and no confirmation email. Did my order go "
                "through or not?",
            ),
            (
                "paid but no order",
                "payment deducted from my account but the app says payment failed??? i tried 2 more "
                "times and now there are 3 charges pending. i need this sorted today",
            ),
            (
                "Payment error but money gone from my account",
                "Hi,\n\nI tried to buy a coffee machine in your app this morning. After I approved the payment "
                "in my banking app, your app showed 'Payment failed, please try again'. I didn't try again "
                "because I'd already been charged: my bank shows $219.00 going out to Brightcart. There's no "
                "order in my account and no email. I'd like to know whether I actually have an order, and if "
                "not, when I get the money back. I don't want to order again and end up paying "
                "twice.\n\nThanks,\n{name}",
            ),
        ],
        "Hi {first}, I've checked: no order was created, so nothing has been charged. The amounts you see "
        "are authorisation holds from the failed attempts, and your bank releases them automatically within "
        "3-5 business days; they are never collected. If any of them still shows after 5 business days, "
        "or turns into a completed charge, reply to this ticket with the date, amount and last four digits "
        "of the card and we'll get it reversed. You can place the order again safely.",
        order=False,
    ),
    scenario(
        "low", ["payment-methods"],
        [
            ("payment methods", "what payment methods do you accept? do you take amex"),
            (
                "Can I pay cash on delivery?",
                "Hi, I don't have a credit card. Can I pay cash when the parcel arrives, or by bank "
                "transfer?",
            ),
        ],
        [
            "Hi {first}, we accept Visa, Mastercard, American Express and Discover (credit and debit), "
            "PayPal, Apple Pay, Google Pay, Klarna (pay in 4 on orders between $35 and $1,000) and "
            "Brightcart gift cards, which you can combine with any other method.",
            "Hi {first}, we're not able to accept cash on delivery, bank transfers, cheques or cryptocurrency. "
            "Without a credit card you can pay with a debit card, PayPal, Apple Pay, Google Pay, Klarna or a "
            "Brightcart gift card.",
        ],
        order=False,
    ),
    scenario(
        "medium", ["paypal", "checkout-error"],
        [
            (
                "PayPal window closes",
                "When I choose PayPal the popup opens, I log in, and then it just closes and I'm back on "
                "the basket. Tried Chrome and Safari. Order isn't placed.",
            ),
            (
                "paypal error",
                "getting 'PayPal could not process this payment' for my {product}. my paypal has money in it",
            ),
        ],
        "Hi {first}, thanks for the details. This usually happens when a browser blocks PayPal's popup or "
        "when PayPal's own risk check stops the payment. Please allow popups for brightcart.example, pause "
        "ad blockers on the checkout page, and check in your PayPal account that a funding source is "
        "confirmed. If PayPal still declines, card, Apple Pay or Google Pay will work, and your basket is "
        "saved while you're signed in.",
        products=["", "electric toothbrush"], order=False,
    ),
    scenario(
        "low", ["klarna"],
        [
            ("klarna said no", "Klarna declined me, can I still buy the {product}?"),
            (
                "Pay in instalments?",
                "Good afternoon, is it possible to spread the cost of the {product} over a few months? "
                "It's $649.",
            ),
        ],
        [
            "Hi {first}, Klarna makes its own approval decision and doesn't share the reason with us. You can "
            "still complete the order by card, PayPal, Apple Pay or Google Pay.",
            "Hi {first}, yes: at checkout choose Klarna to pay in 4 interest-free instalments, one every two "
            "weeks. It's available on orders between $35 and $1,000, so the $649 {product} qualifies, "
            "subject to Klarna's approval.",
        ],
        products=["standing desk", "espresso machine"], order=False,
    ),
    scenario(
        "medium", ["apple-pay", "google-pay"],
        [
            ("Apple Pay not showing", "apple pay button doesnt show on checkout in the app, only card and paypal"),
            (
                "Google Pay fails every time",
                "Hi, Google Pay shows 'Transaction not completed' at the last step. My card in Google "
                "Wallet works in shops. Trying to buy the {product}.",
            ),
        ],
        [
            "Hi {first}, the Apple Pay button only appears when Apple Pay is set up on the device with a "
            "supported card and you're on app version 6.2 or later. Please update the app from the App Store; "
            "if it still doesn't show, check that your card is added in the Wallet app.",
            "Hi {first}, 'Transaction not completed' is returned by Google Pay when the bank asks for extra "
            "verification that can't be completed inside Google Pay. Please try paying with the same card "
            "directly at checkout, where your bank can show its 3-D Secure check, or use PayPal.",
        ],
        products=["", "digital camera"], order=False,
    ),
    scenario(
        "medium", ["3d-secure"],
        [
            (
                "Verification code never arrives",
                "At checkout I'm asked for a code my bank texts me, but the text never comes, and after "
                "a while the payment fails. What can I do?",
            ),
            (
                "stuck on bank verification",
                "checkout is stuck on 'waiting for bank approval' for ages then times out",
            ),
            (
                "Bank approval step fails for a large order",
                "Dear support,\n\nI'm trying to order furniture for about $1,400. Smaller orders with the same "
                "card have always worked. This time, after I press Pay, a window from my bank opens asking "
                "for the code, I type it in, and then it spins for a minute and says 'Authentication "
                "failed'. I've tried three times now and it's locked me out for half an hour. My bank's app "
                "shows no blocked transaction. Is there a limit on your side for large orders?\n\nBest "
                "wishes,\n{name}",
            ),
        ],
        [
            "Hi {first}, that step is your bank's 3-D Secure check, so the code or app approval comes from your "
            "bank, not from us. Please make sure the bank has your current mobile number, approve the payment "
            "in your banking app if it offers that, and keep our checkout page open while you do. If the code "
            "still doesn't arrive, the bank can help, or you can pay with PayPal, Apple Pay or Google Pay.",
            "Hi {first}, that screen is your bank's 3-D Secure check, and it times out if the approval in your "
            "banking app doesn't come through in time. Open your banking app before you press Pay, approve the "
            "request as soon as it appears and keep our checkout page open meanwhile. If it keeps timing out, "
            "PayPal, Apple Pay or Google Pay are good alternatives.",
            "Hi {first}, we don't set a maximum order value for card payments. 'Authentication failed' comes "
            "from your bank's 3-D Secure check, and banks often apply a stricter check or a lower online limit "
            "to larger amounts, so the decline may not show in the app as a blocked payment. Please call the "
            "number on the back of your card and ask them to allow a payment of this size; after 3 declined "
            "attempts checkout pauses for 30 minutes, which is why you were locked out. Klarna isn't available "
            "above $1,000, but PayPal is.",
        ],
        order=False,
    ),
    scenario(
        "urgent", ["fraud", "unauthorized-charge"],
        [
            (
                "Charge I didn't make",
                "There's a $412.00 charge from Brightcart on my card and I have NOT ordered anything from "
                "you in months. Someone must have used my card. What was bought and where is it going?",
            ),
            (
                "Unauthorised orders on my account",
                "I just got two order confirmations ({order} and another one) for a laptop and gift "
                "cards. I did not place these. Please stop them!",
            ),
        ],
        "Hi {first}, thank you for telling us straight away. I've cancelled the unshipped orders you didn't "
        "place, locked the account and signed out every session. The fraudulent orders will be refunded in "
        "full to the original payment method. Please also let your bank know, and set a new password and "
        "two-factor authentication when you sign in again. This case has been passed to our team lead as a "
        "fraud case, and we'll confirm by email once the refunds are issued.",
    ),
    scenario(
        "medium", ["pending-charge", "cancelled-order"],
        [
            (
                "Cancelled but still charged",
                "I cancelled order {order} within 10 minutes of placing it, but the amount is still on my "
                "card. When do I get it back?",
            ),
            (
                "pending amount after cancelling",
                "cancelled my order for the {product} yesterday, my banking app still shows $129 pending",
            ),
        ],
        "Hi {first}, as {order} was cancelled before we captured the payment, nothing was charged: the "
        "amount is an authorisation hold, and your bank releases it within 3-5 business days. If it still "
        "shows after that, reply here and I'll send you a confirmation you can show your bank.",
        products=["", "coffee machine"],
    ),
    scenario(
        "medium", ["gift-card"],
        [
            ("gift card not working", "my gift card code says invalid at checkout"),
            (
                "Gift card balance missing",
                "Hi, I had $60 on a gift card, used $25 of it on {order}, and now it says the balance is "
                "$0. Where did the rest go?",
            ),
        ],
        [
            "Hi {first}, gift card codes are 16 characters without spaces; the most common mix-ups are 0/O "
            "and 1/I. Enter the code in the 'Gift card' field at checkout (not the promo code field). Our gift "
            "cards never expire. If it still says invalid, reply with the last 4 characters and I'll check it.",
            "Hi {first}, I checked the gift card: the remaining $35 was reserved by a checkout that was "
            "abandoned on the same day. I've released the reservation, and the balance under Account > Gift "
            "cards shows $35 again. Gift cards never expire.",
        ],
        order=False,
    ),
    scenario(
        "medium", ["promo-code", "charge-amount"],
        [
            (
                "Discount not applied",
                "I used the code SPRING15 and the basket showed the discount, but my card was charged the "
                "full price for {order}. Please refund the difference.",
            ),
            (
                "charged more than the checkout total",
                "The checkout said $86.40 for my {product} and the card statement says $91.35??",
            ),
        ],
        [
            "Hi {first}, you're right: the code was shown in the basket but dropped when the payment was "
            "retried. I've refunded the 15% discount for {order} to your original payment method; it appears "
            "within 5-10 business days.",
            "Hi {first}, I checked {order}: we charged $86.40. The extra $4.95 matches a foreign transaction "
            "fee and currency conversion from your card issuer, as our prices are in US dollars. Your bank "
            "can confirm the breakdown on the statement.",
        ],
        products=["", "wireless earbuds"],
    ),
    scenario(
        "high", ["duplicate-charge", "split-shipment"],
        [
            (
                "Charged twice?",
                "I see two different charges for {order}, one for $59.98 and one for $34.99. My order "
                "total was $94.97. Is something wrong?",
                "medium",
            ),
            (
                "multiple charges on one order",
                "three charges from you this week for ONE order ({order}). explain please, this is not ok",
            ),
        ],
        "Hi {first}, I understand why this looked alarming. {order} shipped in separate parcels because the "
        "items came from different warehouses, and we charge each part when it ships. The charges add up "
        "exactly to your order total, so nothing was taken twice. Each parcel has its own tracking number "
        "in My Orders.",
    ),
    scenario(
        "medium", ["update-payment", "subscription"],
        [
            (
                "Card expired - subscription payment failed",
                "I got an email that the payment for my coffee bean subscription failed. My card expired "
                "last month. How do I update it so I don't miss the next delivery?",
            ),
            (
                "change card on my order",
                "can I pay for {order} with a different card? the first one was my work card by mistake",
            ),
        ],
        [
            "Hi {first}, add the new card under Account > Payment methods and then select it in Account > "
            "Subscriptions. We retry failed subscription payments for 3 days, so if you update it today the "
            "next delivery goes out as planned.",
            "Hi {first}, we can't swap the card on an order that's already been paid. As {order} hasn't "
            "shipped yet, I can cancel it, in which case the hold on your work card is released within 3-5 "
            "business days, and you can reorder with your personal card. Just reply 'cancel' and I'll do it.",
        ],
        order=False,
    ),
    scenario(
        "low", ["invoice"],
        [
            ("need an invoice", "can i get a proper invoice with my company name for {order}?"),
            (
                "VAT invoice for business purchase",
                "Hello, we bought four {product}s for our office. Our accounts team needs an invoice with "
                "the company name and tax number. Is this possible?\n\nKind regards,\n{name}",
            ),
        ],
        "Hi {first}, yes: invoices can be downloaded from My Orders, and you can add a company name and tax "
        "number under 'Invoice details' before downloading. For repeat orders of 10 or more units, "
        "business@brightcart.example can set up invoicing for your company.",
        products=["", "monitor arm"],
    ),
    scenario(
        "urgent", ["duplicate-charge", "debit-card"],
        [
            (
                "You took my rent money twice",
                "I am furious. You charged my debit card twice for the {product} ($349 each) and now I "
                "can't pay my rent tomorrow. This is a debit card, not a credit card. Fix it NOW.",
            ),
            (
                "Double payment on debit card",
                "Hi, both payments for {order} have gone through on my debit card. Could you please "
                "refund one as quickly as you can? Money is tight this month.",
            ),
        ],
        "Hi {first}, I'm really sorry for the stress this has caused. I've verified that {order} was charged "
        "twice and reversed the duplicate today. The reversal appears on your account within 3-5 business "
        "days after verification; that's the time the banks need, and I'm not able to make it faster. I've "
        "emailed you a confirmation with the refund reference, which your bank can use if you need to show "
        "the money is on its way.",
        products=["sofa bed", ""],
    ),
]

INTL = [
    intl(
        "de", "urgent", ["duplicate-charge"],
        "Doppelt abgebucht",
        "Guten Tag, für die Bestellung {order} wurde mein Konto zweimal mit 129,99 $ belastet. Bitte "
        "erstatten Sie mir die doppelte Abbuchung.",
        "Hallo {first}, ich habe geprüft, dass {order} tatsächlich zweimal abgebucht wurde, und die doppelte "
        "Zahlung heute storniert. Die Gutschrift erscheint innerhalb von 3-5 Werktagen nach der Prüfung auf "
        "Ihrem Konto. Eine Bestätigung mit der Referenznummer haben wir Ihnen per E-Mail geschickt.",
    ),
    intl(
        "es", "medium", ["card-declined"],
        "Mi tarjeta es rechazada",
        "Hola, intento pagar con mi tarjeta Visa y siempre sale 'pago rechazado'. El banco dice que "
        "todo está bien. ¿Qué puedo hacer?",
        "Hola {first}, el rechazo lo decide el banco emisor y no recibimos el motivo. Revisa que la "
        "dirección de facturación coincida con la del banco y aprueba el pago en la app del banco "
        "(3-D Secure) sin cerrar la página. También puedes pagar con PayPal, Apple Pay o Google Pay. Tras 3 "
        "intentos rechazados, el pago se bloquea 30 minutos por seguridad.",
        order=False,
    ),
    intl(
        "fr", "low", ["payment-methods"],
        "Moyens de paiement acceptés",
        "Bonjour, est-ce que vous acceptez PayPal et le paiement en plusieurs fois ?",
        "Bonjour {first}, oui, nous acceptons PayPal. Vous pouvez aussi payer en 4 fois sans frais avec "
        "Klarna pour les commandes entre 35 $ et 1 000 $, sous réserve d'acceptation par Klarna. Nous "
        "acceptons également Visa, Mastercard, American Express, Discover, Apple Pay, Google Pay et les "
        "cartes cadeaux Brightcart.",
        order=False,
    ),
    intl(
        "pt", "urgent", ["payment-failed", "money-deducted"],
        "Pagamento debitado mas o pedido falhou",
        "Boa tarde. Tentei comprar uma batedeira, o site deu erro, mas o valor foi descontado da minha "
        "conta. Não recebi nenhum e-mail de confirmação. O que aconteceu?",
        "Boa tarde, {first}. Verifiquei e nenhum pedido foi criado, então nada foi cobrado: o valor é uma "
        "pré-autorização, que o seu banco libera automaticamente em 3 a 5 dias úteis. Se continuar na "
        "conta depois disso, responda a este e-mail com a data e o valor que resolvemos.",
        order=False,
    ),
]
