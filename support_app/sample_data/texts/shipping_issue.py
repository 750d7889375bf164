"""Shipping: delivery times, tracking, address changes, delivery options, lost and late parcels."""

from support_app.sample_data._scenario import intl, scenario

SCENARIOS = [
    scenario(
        "low", ["delivery-time"],
        [
            ("how long does delivery take", "how long does standard delivery take? ordering a {product} today"),
            (
                "Delivery time before a birthday",
                "Hello,\n\nI'd like to order the {product} as a birthday present. The party is a week on "
                "Saturday. If I order tonight with the free standard shipping, will it get here in time, "
                "or should I pay for something faster?\n\nThank you,\n{name}",
            ),
        ],
        "Hi {first}, orders placed before 2 pm ET on a business day ship the same day; later orders ship "
        "the next business day. Standard delivery then takes 3-5 business days (free over $50), Express "
        "1-2 business days for $12.95 and Next-day $19.95 when ordered before 2 pm Monday-Friday. For a "
        "date more than a week away Standard is normally fine; if you want certainty, Express is the safe "
        "choice. Weekends and public holidays don't count as delivery days.",
        products=["coffee machine", "wireless headphones"], order=False,
    ),
    scenario(
        "medium", ["tracking"],
        [
            ("where is my order??", "where's my order {order}? paid 4 days ago and no email at all"),
            (
                "No tracking information for {order}",
                "Hi there, I placed order {order} last Thursday for a {product}. The confirmation came "
                "through straight away but I haven't had a shipping email, and My Orders just says "
                "Processing. Could you check if it has actually been sent? I'm away from the 20th so "
                "I'd like to plan around the delivery.",
            ),
        ],
        "Hi {first}, thanks for your patience. I checked {order} with the warehouse: it was packed "
        "yesterday and handed to the carrier this morning, so the shipping email with your tracking link "
        "is on its way. Tracking can take up to 24 hours to show the first scan. You can follow it in My "
        "Orders at any time; Standard delivery takes 3-5 business days from dispatch.",
        products=["laptop stand", "yoga mat"],
    ),
    scenario(
        "medium", ["tracking", "how-to"],
        [
            ("track order", "how do i track my order"),
            (
                "Tracking link for a guest order",
                "Good morning. I bought a {product} without creating an account, so I can't see "
                "'My Orders'. The shipping email seems to have gone astray. Is there a way to track the "
                "parcel with just the order number ({order})?",
            ),
        ],
        [
            "Hi {first}, you can see every parcel and its tracking link in My Orders (website or app). "
            "Select the order and tap the tracking number. If you checked out as a guest, use 'Track an "
            "order' in the site footer with your order number and email address. Tracking can take up to "
            "24 hours to show the first scan after dispatch.",
            "Hi {first}, no problem: use 'Track an order' in the footer of our website and enter {order} "
            "with the email address you ordered with. It shows the carrier and live tracking. I've also "
            "re-sent the shipping confirmation to your email; please check your spam folder if it doesn't "
            "arrive. If you create an account with the same email, past guest orders are linked automatically.",
        ],
        products=["", "phone case"], order=False,
    ),
    scenario(
        "medium", ["address-change"],
        [
            ("need to change my delivery address", "need to change my delivery address on {order}, i typed my old flat"),
            (
                "Wrong address on my order - please help before it ships",
                "Hi, I just realised I ordered the {product} to my old address. We moved two weeks ago "
                "and the browser autofilled it. Order {order}. The new address is 14 Alder Court, Apt 3B. "
                "Can you please change it before it goes out? The Change address button is greyed out "
                "for me for some reason.\n\nThanks so much,\n{name}",
            ),
        ],
        [
            "Hi {first}, good news: {order} was still processing, so I've updated the delivery address for "
            "you and you'll receive a confirmation email. For future orders you can do this yourself in My "
            "Orders > Change address as long as the order hasn't shipped yet.",
            "Hi {first}, I caught {order} before it shipped and changed the address to 14 Alder Court, Apt 3B; "
            "a confirmation email is on its way. The button was greyed out because the order had already "
            "been moved to packing, which only we can change at that stage. To avoid it next time, update "
            "your default address under Account > Addresses.",
        ],
        products=["", "sofa"],
    ),
    scenario(
        "medium", ["address-change", "shipped"],
        [
            (
                "Change address after shipping?",
                "My order {order} shipped yesterday but I'll be at my parents' place all next week. Can you "
                "send it there instead?",
            ),
            (
                "parcel going to old address",
                "Ugh. order {order} is on its way to my old apartment, I moved out on monday. the new "
                "tenants wont hand it over. what can I do??",
            ),
        ],
        "Hi {first}, once an order has shipped we can no longer change the address ourselves. You can use "
        "the carrier's redirect option on the tracking page, or ask for the parcel to be held at a pickup "
        "point. If neither works, let the parcel come back to us and we'll ship it again to the right "
        "address or refund it. I've added a note to {order} so the warehouse contacts you when it returns.",
        products=["running shoes", "blender"],
    ),
    scenario(
        "low", ["address-book", "how-to"],
        [
            ("add a new shipping address", "how do I add a second shipping address to my account, for my office?"),
            (
                "Setting up a default address",
                "Hello, every time I check out I have to type my address again. Is there a way to save "
                "it and make it the default? I also want to save my mum's address because I send her "
                "things regularly.",
            ),
        ],
        "Hi {first}, go to Account > Addresses and choose 'Add new address'. Enter the name, street, "
        "apartment number, postcode and a phone number the carrier can use, and tick 'Set as default' for "
        "the one you want preselected at checkout. You can save up to 10 addresses. Editing a saved "
        "address doesn't change orders that were already placed.",
        order=False,
    ),
    scenario(
        "low", ["delivery-options"],
        [
            ("next day delivery available?", "do you do next day delivery? and until what time do i have to order"),
            (
                "Delivery options to Canada",
                "Hi! I'm in Toronto. Do you ship to Canada, and how long does it take? Will I have to "
                "pay customs on top? Looking at the {product}.",
            ),
        ],
        [
            "Hi {first}, yes: Next-day delivery costs $19.95 and is available when you order before 2 pm ET, "
            "Monday to Friday, for delivery the next business day. Express (1-2 business days) is $12.95 and "
            "Standard (3-5 business days) is $4.95 or free over $50. Next-day isn't available to PO boxes.",
            "Hi {first}, we do ship to Canada. International delivery takes 7-14 business days and the "
            "shipping cost is calculated at checkout. Import duties and taxes may be charged by customs on "
            "delivery; they aren't included in our prices.",
        ],
        products=["", "jacket"], order=False,
    ),
    scenario(
        "high", ["late-delivery"],
        [
            (
                "Order is a week late",
                "This is getting ridiculous. Order {order}, estimated delivery was last Tuesday. Tracking "
                "says 'in transit' and nothing else. I needed this {product} for a trip. Where is it?",
            ),
            (
                "Parcel stuck in transit",
                "Hi, tracking for {order} hasn't moved for 6 business days. It's stuck at the regional "
                "hub. Could you look into it?",
            ),
            (
                "Still waiting for my order - please actually look into it",
                "Hello,\n\nI'm writing about order {order}. I ordered a {product} on the 3rd with standard "
                "delivery, which your website said would take 3-5 business days. It's now been eleven days. "
                "The tracking page has said 'Arrived at sorting facility' since last Wednesday and nothing "
                "since. I called the carrier and they told me to contact the sender, so here I am.\n\nI'm "
                "leaving for a hiking trip on the 28th and bought this specifically for it. If it can't be "
                "found, I'd rather have my money back so I can buy one locally.\n\nRegards,\n{name}",
            ),
        ],
        "Hi {first}, I'm sorry about the wait. As tracking for {order} hasn't moved for more than 5 business "
        "days, I've opened a trace with the carrier today. If they can't locate the parcel within 3 business "
        "days, we'll send a replacement or refund you in full, whichever you prefer; I'll email you as soon "
        "as I hear back.",
        products=["travel backpack", "hiking boots"],
    ),
    scenario(
        "high", ["not-received", "marked-delivered"],
        [
            (
                "Says delivered but nothing here",
                "Tracking says my {product} was delivered at 2:14pm yesterday. I was home all day. "
                "Nothing at the door, nothing with the neighbours. Order {order}.",
            ),
            (
                "marked as delivered, not received",
                "Hi, order {order} shows delivered on Friday but I never got it. I've checked the mail "
                "room of my building twice and asked the concierge. There's no photo on the tracking page "
                "either. Please advise, it was a gift for my daughter.",
            ),
            (
                "Delivered to the wrong house?",
                "Hi team,\n\nThe tracking for {order} says 'Delivered - left at front door' on Tuesday at "
                "11:02, and the delivery photo shows a blue door with a brass number 27. My door is white "
                "and I live at number 72, so I think the driver simply swapped the digits. I've knocked at "
                "27 twice but nobody seems to be home, and there's no parcel visible. It's been three days "
                "now. The {product} was a birthday present for my partner and the birthday is on Sunday, so "
                "I'm getting a bit anxious. Could you chase this with the carrier?\n\nMany thanks,\n{name}",
            ),
        ],
        [
            "Hi {first}, I'm sorry the parcel hasn't turned up. Since it's been more than 48 hours and you've "
            "already checked with your neighbours, I've opened an investigation with the carrier for {order}. "
            "These are resolved within 5 business days: if the parcel isn't found, we'll send a replacement or "
            "a full refund, your choice.",
            "Hi {first}, I'm sorry the parcel hasn't turned up. Since it's been more than 48 hours and you've "
            "already checked the mail room and with the concierge, I've opened an investigation with the "
            "carrier for {order}. These are resolved within 5 business days: if the parcel isn't found, we'll "
            "send a replacement or a full refund, your choice.",
            "Hi {first}, thanks for spotting the house number in the delivery photo, that helps a lot. I've "
            "opened an investigation with the carrier for {order} and passed on the photo and both addresses, "
            "so the driver can collect it from number 27 and bring it to you. These investigations are resolved "
            "within 5 business days; if the parcel isn't recovered, we'll send a replacement or a full refund, "
            "your choice.",
        ],
        products=["bluetooth speaker", "smart watch"],
    ),
    scenario(
        "high", ["lost-parcel"],
        [
            (
                "LOST PARCEL - third time contacting you",
                "I have now contacted you three times about {order}. The carrier told me the parcel was "
                "damaged in their depot and 'disposed of'. Nobody from your side has called me back. "
                "I want either my {product} or my money, not another automated reply.",
                "urgent",
            ),
            (
                "carrier says parcel lost",
                "carrier just emailed that my package was lost in transit?? order {order}. what now",
            ),
        ],
        "Hi {first}, I'm very sorry, and thank you for bearing with us. The carrier has confirmed the parcel "
        "for {order} as lost, so there's nothing more to wait for. I've arranged the option you asked for "
        "in your reply: a replacement sent by Express at no cost, or a full refund including shipping to "
        "your original payment method (5-10 business days to appear). I'll keep this ticket open until it "
        "has arrived.",
        products=["sofa", "electric kettle"],
    ),
    scenario(
        "high", ["express", "late-delivery"],
        [
            (
                "Paid for next-day, didn't arrive",
                "I paid $19.95 for next-day delivery on {order} and it still isn't here two days later. "
                "What's the point of paying extra?",
            ),
            (
                "Express shipping late",
                "Hello, I chose Express (1-2 days) for my {product} on Monday and it's now Friday. The "
                "tracking shows it only left the depot this morning. I'd like the express fee back "
                "please.",
                "medium",
            ),
        ],
        "Hi {first}, you're right, and I'm sorry: the parcel missed the delivery time you paid for. As our "
        "shipping policy allows, I've refunded the shipping fee for {order} to your original payment "
        "method; it will show within 5-10 business days. Tracking shows it's now out for delivery.",
        products=["", "coffee grinder"],
    ),
    scenario(
        "medium", ["freight", "furniture"],
        [
            (
                "When will my sofa be delivered?",
                "Hi, my {product} was dispatched 4 days ago (order {order}) but nobody has called me to "
                "book the delivery slot like the email said. I work shifts so I really need to pick the "
                "day.",
            ),
            (
                "delivery slot for furniture",
                "can i choose a delivery day for the {product}? i'm only home on weds",
            ),
            (
                "Freight delivery date keeps moving",
                "Good afternoon,\n\nOur {product} (order {order}) was dispatched over a week ago. The freight "
                "company called once, but while I was in a meeting, and left no number to call back. Since "
                "then the tracking page only says 'Awaiting appointment'. We've cleared the living room and "
                "have been sitting on folding chairs for a week, which is getting old. Could you please get "
                "them to call again? I'm available any weekday after 3 pm and all day on Thursdays.\n\nThank "
                "you,\n{name}",
            ),
        ],
        "Hi {first}, furniture travels with our freight partner, who calls within 3 business days of "
        "dispatch to book a delivery slot; freight delivery takes 7-10 business days in total. I've asked "
        "them to contact you for {order} and noted that you can only accept certain days. Once it's "
        "booked, the slot appears on your tracking page.",
        products=["corner sofa", "oak dining table"],
    ),
    scenario(
        "medium", ["split-shipment"],
        [
            (
                "Only part of my order arrived",
                "Hi, I ordered a {product} and a set of cushions in the same order ({order}). The "
                "cushions came today but no {product}. Did you forget it?",
            ),
            (
                "half my order missing",
                "Got one box today for {order}, the packing slip says 1 of 2. is the other one lost?",
            ),
        ],
        "Hi {first}, nothing's missing: your items were stored in different warehouses, so {order} ships in "
        "two parcels, each with its own tracking number (both are listed in My Orders). The second parcel "
        "is in transit and should arrive within the usual 3-5 business days. You only paid shipping once.",
        products=["floor lamp", ""],
    ),
    scenario(
        "medium", ["failed-delivery"],
        [
            (
                "Missed delivery - what happens now",
                "The driver left a card saying they tried to deliver {order} while I was at work. Will "
                "they try again or do I have to collect it somewhere?",
            ),
            (
                "Parcel returned to sender???",
                "My {product} was sent BACK to you because I wasn't home twice. I didn't even get a "
                "notification the second time. Order {order}. I still want it - can you send it again "
                "without charging me shipping twice?",
            ),
        ],
        [
            "Hi {first}, carriers make up to two delivery attempts and then hold the parcel at a pickup "
            "point for 7 days. The tracking page for {order} shows the second attempt is scheduled for "
            "tomorrow, and you can also choose a pickup point there if you won't be home.",
            "Hi {first}, sorry for the hassle. When a parcel comes back after two attempts we refund it minus "
            "the original shipping fee, or ship it again. As you didn't receive the second notification, "
            "I've used a goodwill credit to re-send {order} free of charge "
            "once it's back in our warehouse; I'll email you the new tracking number.",
        ],
        products=["", "standing desk"],
    ),
    scenario(
        "medium", ["international", "customs"],
        [
            (
                "Customs fee on delivery",
                "I'm in the UK and the courier is asking me to pay £38 import VAT and a handling fee "
                "before delivering my {product}. Nobody told me about this at checkout. Is this right?",
            ),
            (
                "international order taking forever",
                "ordered from Australia 12 business days ago ({order}), tracking last updated in LA. is "
                "this normal?",
            ),
        ],
        [
            "Hi {first}, I understand it's an unwelcome surprise. Import VAT and handling fees are charged by "
            "customs and the courier in the destination country, not by us; our checkout and shipping policy "
            "note that duties and taxes are paid by the recipient. If you'd rather not pay, you can refuse the "
            "parcel: it will come back to us and we'll refund the order minus the original shipping fee.",
            "Hi {first}, international delivery takes 7-14 business days, and parcels often show no update "
            "while they wait for customs. {order} is still within that window. If tracking doesn't move for "
            "5 business days, let us know and we'll open a trace with the carrier.",
        ],
        products=["leather jacket", ""],
    ),
    scenario(
        "low", ["shipping-cost"],
        [
            ("free shipping?", "is shipping free? my basket is $46"),
            (
                "Why was I charged shipping",
                "I thought shipping was free but I was charged $4.95 on {order}. The {product} was on "
                "sale for $44.",
                "medium",
            ),
        ],
        "Hi {first}, Standard shipping is free on orders over $50 (after discounts); below that it costs "
        "$4.95. Express is $12.95 and Next-day $19.95. Adding an item that brings the total over $50 makes "
        "Standard delivery free.",
        products=["", "water bottle set"], order=False,
    ),
]

INTL = [
    intl(
        "de", "high", ["late-delivery", "lost-parcel"],
        "Paket seit über einer Woche unterwegs",
        "Hallo,\n\nmeine Bestellung {order} wurde vor neun Tagen verschickt, seitdem steht in der "
        "Sendungsverfolgung nur \"in Zustellung\". Ich brauche die Laufschuhe für einen Lauf am Sonntag. "
        "Können Sie bitte nachsehen, wo das Paket ist?\n\nViele Grüße\n{name}",
        "Hallo {first}, das tut mir leid. Da sich die Sendungsverfolgung seit mehr als 5 Werktagen nicht "
        "bewegt hat, habe ich heute einen Nachforschungsauftrag beim Versanddienstleister eröffnet. Wird das "
        "Paket nicht innerhalb von 3 Werktagen gefunden, schicken wir Ihnen kostenlos Ersatz oder erstatten "
        "den vollen Betrag, ganz wie Sie möchten.",
    ),
    intl(
        "es", "medium", ["address-change"],
        "Cambiar la dirección de envío",
        "Hola, acabo de hacer el pedido {order} y me equivoqué en el número del piso. Es el 4ºB, no el "
        "4ºD. ¿Se puede cambiar antes de que lo envíen?",
        "Hola {first}, el pedido {order} todavía no había salido del almacén, así que ya he corregido la "
        "dirección (4ºB) y recibirás un correo de confirmación. Puedes cambiar la dirección tú mismo en Mis "
        "pedidos mientras el pedido no se haya enviado.",
    ),
    intl(
        "fr", "low", ["delivery-time", "delivery-options"],
        "Délais de livraison vers la France",
        "Bonjour, je voudrais commander une machine à café depuis Lyon. Combien de temps faut-il compter "
        "pour la livraison, et y aura-t-il des frais de douane ? Merci d'avance.",
        "Bonjour {first}, nous livrons en France en 7 à 14 jours ouvrés ; les frais d'envoi sont calculés "
        "au moment du paiement. Les droits et taxes d'importation éventuels sont perçus par la douane à la "
        "livraison et ne sont pas inclus dans nos prix.",
        order=False,
    ),
    intl(
        "pt", "high", ["not-received", "marked-delivered"],
        "Pedido consta como entregue mas não recebi",
        "Olá! O rastreamento do pedido {order} diz que foi entregue ontem, mas não recebi nada. Já falei "
        "com o porteiro e com os vizinhos. O que posso fazer?",
        "Olá {first}, lamento muito. Como já se passaram 48 horas e você verificou com o porteiro e os "
        "vizinhos, abri uma investigação com a transportadora. Ela é concluída em até 5 dias úteis; se o "
        "pacote não aparecer, enviamos um substituto ou fazemos o reembolso total, como preferir.",
    ),
]
