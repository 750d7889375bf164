"""Returns: starting a return, return labels, exchanges of size or colour, the return window."""

from support_app.sample_data._scenario import intl, scenario

SCENARIOS = [
    scenario(
        "medium", ["return", "how-to"],
        [
            ("how do i return something", "how do i return something? {product} doesnt fit"),
            (
                "Returning part of an order",
                "Hello! I ordered three items in {order} and I'd like to send back just the {product}. "
                "The other two are lovely. What's the process?\n\nBest,\n{name}",
            ),
            (
                "Sending back one item from a bigger order",
                "Hi,\n\nWe redid our hallway last month and I ordered a few things in one go: a mirror, a shoe "
                "rack and a {product}. The mirror and the rack are perfect, but the {product} is much longer "
                "than I imagined from the pictures, even though I did check the measurements (my fault, I "
                "think I read inches as centimetres). It's unused and I still have the box. What's the best "
                "way to send just that one back, and will the refund be for the full price?\n\nThanks,\n{name}",
            ),
        ],
        "Hi {first}, open My Orders, select {order} and choose 'Return items'. Tick only the item you want "
        "to send back, pick a reason and a refund, store credit or exchange, then print the prepaid label or "
        "use the QR code at a drop-off point. Returns are accepted within 30 days of delivery; for "
        "change-of-mind returns the $5.95 label fee is deducted from the refund.",
        products=["jacket", "table lamp", "hallway runner rug"],
    ),
    scenario(
        "medium", ["return-label", "no-printer"],
        [
            ("no printer for return label", "I don't have a printer, how do I print the return label?"),
            (
                "Return label didn't download",
                "I created a return for my {product} but the 'Download label' button just spins. I tried "
                "twice on my laptop. Can you email me the label?",
            ),
        ],
        [
            "Hi {first}, no printer needed: when you create the return, choose the QR code option. Show the "
            "code at any drop-off point and they print the label for you. The label or QR code is valid for "
            "14 days.",
            "Hi {first}, sorry about that; I've emailed the label for {order} to you as a PDF. It's valid for "
            "14 days. If it's easier, you can also choose the QR code option and have the drop-off point print "
            "it for you.",
        ],
        products=["", "blender"], order=False,
    ),
    scenario(
        "medium", ["exchange", "size"],
        [
            ("exchange for bigger size", "can I swap my running shoes for a 10.5? the 10 is too tight"),
            (
                "Size exchange on jeans",
                "Hi, the {product} I ordered in a 32 are too small around the waist. I'd like to exchange "
                "for a 34 in the same colour. Do I need to return them first and then reorder?",
            ),
            (
                "Exchange for a half size up",
                "Hello,\n\nI bought the {product} in size 9 for my first half marathon, and after two short "
                "walks around the flat my toes are hitting the front. The size guide says to go up half a "
                "size for running, which I unfortunately read after ordering. They've only been worn indoors "
                "and look brand new. I'd like to swap them for a 9.5 in the same colour. Is that possible, "
                "and do I have to wait for the first pair to reach you before the new pair is sent? The race "
                "is in three weeks.\n\nThank you,\n{name}",
            ),
        ],
        "Hi {first}, you can exchange it for free within 30 days. In My Orders choose 'Return items' and pick "
        "'Exchange' with the new size. Print the free label (or use the QR code) and drop it off within 14 "
        "days; we ship the new size as soon as the carrier scans your return, so there's no need to reorder. "
        "The new size is in stock right now. Each item can be exchanged once.",
        products=["running shoes", "slim jeans"],
    ),
    scenario(
        "medium", ["exchange", "colour"],
        [
            (
                "Exchange for a different colour",
                "The olive {product} looks much browner in real life than on the website. Could I "
                "exchange it for navy?",
            ),
            (
                "swap colour",
                "want to change my {product} from white to black, is that possible",
            ),
        ],
        "Hi {first}, of course. Colour exchanges are free within the 30-day return window: start a return "
        "in My Orders, choose 'Exchange' and select the new colour. The replacement ships by standard "
        "delivery as soon as your parcel is scanned by the carrier. The item needs to be unworn with the "
        "tags attached.",
        products=["rain jacket", "phone case"],
    ),
    scenario(
        "low", ["return-window"],
        [
            ("how long do i have to return", "how many days do i have to return stuff?"),
            (
                "Return window for a gift",
                "I'm buying a {product} now as a Christmas gift. If my brother doesn't like it, will he "
                "still be able to return it in January?",
            ),
        ],
        [
            "Hi {first}, you can return items within 30 days of delivery, as long as they're unused and in "
            "their original condition.",
            "Hi {first}, yes. Orders delivered between 1 November and 24 December can be returned until 31 "
            "January, and with a gift receipt he can exchange it within that window. Refunds always go back "
            "to the original payment method.",
        ],
        products=["", "wool sweater"], order=False,
    ),
    scenario(
        "low", ["return-fee"],
        [
            ("are returns free", "are returns free or do I pay for the label"),
            (
                "Charged for returning a faulty item?",
                "The return page says $5.95 will be deducted, but the {product} I'm returning doesn't work! "
                "Why should I pay for that?",
                "medium",
            ),
        ],
        [
            "Hi {first}, for change-of-mind returns the prepaid label costs $5.95, deducted from your refund. "
            "If an item is damaged, defective or wrong, the label is free, and exchanges for another size or "
            "colour are free too.",
            "Hi {first}, you shouldn't pay for that. The fee only applies to change-of-mind returns. I've "
            "changed the return reason on {order} to 'defective', so the label is now free and the original "
            "shipping fee will be refunded too. Please use the new label I've emailed you.",
        ],
        products=["", "electric kettle"], order=False,
    ),
    scenario(
        "medium", ["furniture", "collection"],
        [
            (
                "Returning a sofa",
                "We ordered the {product} and it simply doesn't fit in our living room. It's still wrapped. "
                "How does a return work for something that big?",
            ),
            (
                "return bed frame",
                "how do I send back a bed frame? it came in 3 huge boxes, order {order}",
            ),
            (
                "Return of a sofa we don't have room for",
                "Good morning,\n\nWe received the {product} (order {order}) on Monday. Unfortunately, once it "
                "was assembled it blocks the radiator and the balcony door, and there's no other wall it "
                "fits on. It's been sat on for maybe an hour in total, no marks or stains, and I've kept the "
                "original wrapping and the boxes flat in the garage. I know large items are collected, but "
                "I'd like to understand what it costs and how quickly the refund comes through once it's "
                "picked up.\n\nKind regards,\n{name}",
            ),
        ],
        "Hi {first}, furniture is collected from your home. On the return page for {order} choose 'Book a "
        "collection' and pick a slot. For a change-of-mind return collection costs $49, deducted from the "
        "refund (it's free if an item is damaged or wrong). Please keep it in its packaging if you can. "
        "After collection we inspect the item within 2 business days of arrival and refund your original "
        "payment method within 5-10 business days.",
        products=["three-seater sofa", "bed frame"],
    ),
    scenario(
        "medium", ["guest-order", "return"],
        [
            (
                "Return without an account",
                "I checked out as a guest so I don't have 'My Orders'. How do I return the {product}?",
            ),
            (
                "cant find return button",
                "where is the return button, i dont see it anywhere. i ordered as guest",
            ),
        ],
        "Hi {first}, for guest orders use the returns portal (Help > Returns) with your order number and the "
        "email address you ordered with. From there you can print a label or get a QR code, exactly as with "
        "an account. If you create an account with the same email, your guest orders appear in My Orders "
        "automatically.",
        products=["toaster", ""], order=False,
    ),
    scenario(
        "medium", ["final-sale", "not-returnable"],
        [
            (
                "Return says item not eligible",
                "When I try to return my {product} the portal says 'This item isn't eligible for return'. "
                "It's within 30 days. Why?",
            ),
            (
                "cant return personalised mug",
                "i ordered a personalised mug set with our names and want to cancel/return it, changed my mind",
            ),
        ],
        [
            "Hi {first}, the {product} was bought in the clearance sale and marked 'Final sale', and final "
            "sale items can't be returned for change of mind. If it arrives damaged, is defective or isn't "
            "what you ordered, we'll still take it back, and it's covered by our 2-year warranty.",
            "Hi {first}, I'm sorry, personalised items are made to order and can't be returned for a change of "
            "mind. However, {order} hadn't shipped yet, so I've cancelled it for you. Your bank releases "
            "the payment hold within 3-5 business days, or, if it was already captured, the refund "
            "reaches your original payment method within 5-10 business days.",
        ],
        products=["swim shorts", ""],
    ),
    scenario(
        "medium", ["exchange", "out-of-stock"],
        [
            (
                "Exchange size sold out",
                "I wanted to exchange my {product} for a medium but medium is sold out. What are my options?",
            ),
            (
                "size not available for exchange",
                "the exchange page only shows sizes i dont need, the 42 is gone",
            ),
        ],
        "Hi {first}, exchanges are only possible while the new size is in stock. You can return the item for a "
        "refund instead (the usual $5.95 label fee applies), or wait: choose 'Notify me' on the product "
        "page and we'll email you once it's back. You have 30 days from delivery to decide.",
        products=["fleece jacket", "hiking boots"],
    ),
    scenario(
        "medium", ["return-label", "expired"],
        [
            (
                "Return label expired",
                "I printed a return label for {order} but got sick and didn't drop it off. Now the carrier "
                "says the label is expired. Can I get a new one?",
            ),
            (
                "label not working at drop off",
                "post office said my return label is not valid anymore?",
            ),
        ],
        "Hi {first}, return labels are valid for 14 days. {order} is still within the 30-day return window, so "
        "I've cancelled the old label and emailed you a new one, with no extra charge. Please drop the parcel "
        "off within the next 14 days.",
    ),
    scenario(
        "low", ["return", "packaging"],
        [
            (
                "Returning without original box",
                "I threw away the box of the {product}. Can I still return it?",
                "medium",
            ),
            (
                "multiple items one box?",
                "can i put the returns from two different orders in the same box?",
            ),
        ],
        [
            "Hi {first}, yes. Original packaging is preferred but not required; please pack the item securely "
            "so it isn't damaged on the way back, as we may reduce the refund for items damaged in the return. "
            "The item itself needs to be unused.",
            "Hi {first}, items from the same order can go in one box with one label. Items from different "
            "orders need separate labels, because each label is linked to its order, so please use one box "
            "per order.",
        ],
        products=["coffee machine", ""], order=False,
    ),
    scenario(
        "medium", ["return", "wrong-item-sent-back"],
        [
            (
                "I sent back the wrong thing!",
                "Oh no. I returned {order} and I think I put my own old headphones in the box instead of "
                "the new ones. Can you send them back to me?",
                "high",
            ),
            (
                "put the wrong shoes in my return",
                "I accidentally returned my old trainers instead of the new {product}. tracking says it "
                "arrives at your warehouse tomorrow. please don't throw them away",
            ),
        ],
        "Hi {first}, don't worry, it happens. I've flagged the return for {order} so the warehouse sets the "
        "parcel aside instead of processing it. Once they've confirmed what's inside, we'll ship your own "
        "item back to you free of charge and send you a new label for the correct item, which you can still "
        "return within the 30-day window.",
        products=["", "running shoes"],
    ),
    scenario(
        "medium", ["return", "headphones"],
        [
            (
                "Can I return opened earbuds?",
                "I opened the {product} and tried them for an afternoon. The fit isn't right for my ears. "
                "Can I still return them?",
            ),
            (
                "return headphones used once",
                "can i return headphones if i already took them out of the packaging",
            ),
        ],
        "Hi {first}, yes. Trying an item isn't the same as using it, and earbuds and headphones aren't on our "
        "list of non-returnable hygiene products. Please clean them, put all the ear tips and the cable back in "
        "the box, and start the return in My Orders within 30 days of delivery. The $5.95 label fee applies "
        "to change-of-mind returns.",
        products=["wireless earbuds", ""], order=False,
    ),
    scenario(
        "medium", ["second-exchange"],
        [
            (
                "Second exchange please",
                "I already exchanged the {product} from a 9 to a 9.5 and the 9.5 is also wrong. Can I "
                "exchange again for a 10?",
            ),
            (
                "exchange again?",
                "the replacement size still doesnt fit, can I do another exchange on {order}",
            ),
        ],
        "Hi {first}, I'm sorry the second size didn't work out either. Each item can be exchanged once, so "
        "this time please return it for a refund: start the return in My Orders (the replacement has its own "
        "30-day window) and place a new order for the size you want. That way you also lock in today's price "
        "and stock.",
        products=["trail shoes", "ankle boots"],
    ),
    scenario(
        "medium", ["return", "status"],
        [
            (
                "Did you receive my return?",
                "I dropped my return off at the post office 6 days ago (order {order}). The status still "
                "says 'Return started'. Did it arrive?",
            ),
            (
                "return status not updating",
                "hey, my return for the {product} says in transit for a week now. normal?",
            ),
        ],
        "Hi {first}, returns usually take 3-5 business days to reach our warehouse, and the status only "
        "changes to 'Received' once it's scanned in. The carrier tracking for your return shows it arrived "
        "today. It will be inspected within 2 business days, and then the refund is issued to your original "
        "payment method (5-10 business days to show).",
        products=["", "desk lamp"],
    ),
]

INTL = [
    intl(
        "de", "medium", ["exchange", "size"],
        "Umtausch in eine andere Größe",
        "Hallo, die Winterjacke aus Bestellung {order} ist mir in M zu klein. Kann ich sie gegen eine L "
        "umtauschen? Danke!",
        "Hallo {first}, ja, der Umtausch ist innerhalb von 30 Tagen kostenlos. Wählen Sie unter Meine "
        "Bestellungen 'Artikel zurücksenden' und dann 'Umtausch' in Größe L. Sobald der Versanddienstleister "
        "Ihre Rücksendung scannt, schicken wir die neue Größe los. Die Jacke sollte ungetragen sein und das "
        "Etikett noch haben.",
    ),
    intl(
        "es", "medium", ["return-label"],
        "Etiqueta de devolución",
        "Hola, quiero devolver una licuadora pero no tengo impresora. ¿Cómo consigo la etiqueta?",
        "Hola {first}, al crear la devolución en Mis pedidos elige la opción de código QR. Muestra el código "
        "en cualquier punto de entrega y allí te imprimen la etiqueta. Es válida durante 14 días.",
        order=False,
    ),
    intl(
        "fr", "medium", ["return", "how-to"],
        "Retourner un article",
        "Bonjour,\n\nJ'ai reçu le lampadaire hier mais il ne va pas du tout avec mon salon. Comment faire "
        "pour le retourner ? Est-ce que le retour est gratuit ?\n\nCordialement,\n{name}",
        "Bonjour {first}, vous pouvez retourner l'article dans les 30 jours suivant la livraison. Dans Mes "
        "commandes, choisissez 'Retourner des articles', puis imprimez l'étiquette prépayée. Pour un retour "
        "par changement d'avis, 5,95 $ sont déduits du remboursement ; le retour est gratuit seulement si "
        "l'article est endommagé, défectueux ou erroné.",
    ),
    intl(
        "pt", "medium", ["exchange", "colour"],
        "Trocar a cor da capa de telemóvel",
        "Olá, recebi a capa de telemóvel em rosa mas queria em azul. Posso trocar?",
        "Olá {first}! Sim, trocas de cor são gratuitas dentro do prazo de 30 dias. Em Os meus pedidos "
        "escolha 'Devolver artigos' e depois 'Troca' com a cor azul. Enviamos a nova capa assim que a "
        "transportadora registar a sua devolução.",
    ),
]
