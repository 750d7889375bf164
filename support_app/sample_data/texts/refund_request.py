"""Refunds: getting one, tracking one, refund policy questions and disputes about the amount."""

from support_app.sample_data._scenario import intl, scenario

SCENARIOS = [
    scenario(
        "medium", ["refund", "how-to"],
        [
            ("i want a refund", "i want a refund for the {product}, it's not what i expected"),
            (
                "How do I get my money back?",
                "Hi, I bought a {product} a couple of weeks ago and honestly I just don't use it. It's "
                "still in the box. How do I get a refund? Do I need to send it back first?",
            ),
            (
                "Refund for an unwanted gift I bought myself",
                "Hello there,\n\nA bit embarrassing, but I treated myself to the {product} three weeks ago and "
                "I've realised I simply don't need it; my phone does everything it does. I've only tried it "
                "on once, and it's back in the box with the protective film still on the screen. Can I "
                "return it for a refund to my card? I'd also like to know whether I'll get the full amount "
                "or whether you keep something for the postage.\n\nThanks a lot,\n{name}",
            ),
        ],
        "Hi {first}, you can return it within 30 days of delivery. Open My Orders, select {order} and "
        "choose 'Return items', then print the prepaid label (or use the QR code) and drop the parcel off "
        "within 14 days. For a change-of-mind return the $5.95 label fee is deducted from the refund. Once "
        "the item arrives we inspect it within 2 business days and refund your original payment method; "
        "it usually shows within 5-10 business days.",
        products=["smart watch", "bread maker"],
    ),
    scenario(
        "medium", ["refund-status", "tracking"],
        [
            ("where is my refund", "where is my refund? sent the return back 2 weeks ago, order {order}"),
            (
                "Tracking a refund",
                "Hello, the tracking for my return shows it was delivered to your warehouse on Monday. "
                "How can I see whether the refund for the {product} has been processed?",
            ),
            (
                "When will my refund be processed?",
                "Hi,\n\nI sent back two items from order {order} after they didn't work for me. The carrier "
                "confirms you received the parcel last Thursday, but My Orders still says 'Return started' "
                "for both items and I haven't had any email. I'm not in a rush as such, but I'm trying to "
                "keep track of my card balance before the statement closes at the end of the month. Could "
                "you tell me where things stand and roughly when the money will be back?\n\nCheers,\n{name}",
            ),
        ],
        "Hi {first}, you can follow every returned item in My Orders: it moves from 'Return started' to "
        "'Received' and 'Refund issued', with the refund date. I checked {order}: your return was inspected "
        "and the refund was issued yesterday to your original payment method. It usually appears within "
        "5-10 business days of being issued, depending on your bank.",
        products=["", "hair dryer"],
    ),
    scenario(
        "low", ["refund-policy"],
        [
            ("refund policy?", "what's your refund policy"),
            (
                "Question about refunds before I order",
                "Before I buy the {product}: if it doesn't suit our kitchen, can I return it and get the "
                "full amount back, including shipping?",
            ),
        ],
        "Hi {first}, you can return items within 30 days of delivery if they're unused and in their "
        "original condition. Refunds go to your original payment method within 5-10 business days after we "
        "receive and inspect the return (inspection takes up to 2 business days), or as store credit "
        "within 24 hours. For change-of-mind returns the $5.95 label fee is deducted and the original "
        "shipping fee isn't refunded; if an item is damaged, defective or wrong, the label is free and "
        "shipping is refunded too.",
        products=["", "stand mixer"], order=False,
    ),
    scenario(
        "high", ["refund-delayed"],
        [
            (
                "Refund still not received after 3 weeks",
                "You emailed me on the 2nd that my refund for {order} was issued. It's been 15 business "
                "days and nothing on my card. Either you didn't send it or it's lost. I'm done waiting.",
            ),
            (
                "refund issued but not in my account",
                "hi, refund email came ages ago but the money's not there, order {order}. bank says they "
                "see nothing incoming",
            ),
        ],
        "Hi {first}, I'm sorry it's taking so long. I've confirmed the refund for {order} was issued to "
        "the card used for the order. As it's been more than 10 business days, I've emailed you the refund "
        "reference (ARN) from our payment provider; your bank can use it to trace the payment on their side. "
        "If your bank still can't find it, reply here with their answer and I'll escalate to our payments "
        "team.",
    ),
    scenario(
        "medium", ["refund-amount", "return-fee"],
        [
            (
                "Refund amount is wrong",
                "I returned the {product} and got $5.95 less than I paid. Why?",
            ),
            (
                "Short refund on {order}",
                "Hello, I paid $79.90 including shipping and got back $68.00. Nobody explained the "
                "difference. Could you break it down for me?",
            ),
        ],
        "Hi {first}, for a change-of-mind return we deduct the $5.95 prepaid label fee, and the original "
        "shipping fee isn't refunded; both are part of our returns policy and were shown when you created "
        "the return. If the item had been damaged, defective or wrong, the label would have been free and "
        "shipping refunded as well. Here the return reason was 'no longer needed', so the amount is correct.",
        products=["yoga mat", ""],
    ),
    scenario(
        "medium", ["cancellation", "refund"],
        [
            (
                "Refund for cancelled order",
                "You cancelled my order {order} because the {product} is out of stock. When do I get my "
                "money back?",
            ),
            (
                "cancelled order refund",
                "i cancelled {order} after it was charged, how long till the refund?",
            ),
        ],
        "Hi {first}, as the payment for {order} had already been captured, we refunded it in full, "
        "including shipping, to your original payment method. It appears within 5-10 business days. (If "
        "an order is cancelled before payment is captured, the hold simply drops off within 3-5 business "
        "days.)",
        products=["stand mixer", ""],
    ),
    scenario(
        "medium", ["refund", "card-closed"],
        [
            (
                "Refund to a card I no longer have",
                "My card was replaced after it was lost. Can you refund {order} to my new card instead?",
            ),
            (
                "refund to paypal instead of card?",
                "could you send my refund to paypal, my old credit card is closed now",
            ),
        ],
        "Hi {first}, refunds can only go to the original payment method, so we can't send it to a different "
        "card or to PayPal. When a card is replaced or closed, the bank normally forwards the refund to the "
        "new card or the account, so please ask them to expect it. Alternatively, you can take the refund "
        "as store credit, available within 24 hours of the return arriving.",
    ),
    scenario(
        "low", ["price-drop"],
        [
            ("price dropped after I bought", "bought the {product} last week and now it's $30 cheaper. can I get the difference?"),
            (
                "Price match?",
                "Another shop sells the {product} for $40 less than you. Will you match it?",
            ),
        ],
        [
            "Hi {first}, yes: if our price drops within 14 days of your purchase, we refund the difference "
            "once per item. I've refunded $30.00 for {order} to your original payment method; it appears "
            "within 5-10 business days.",
            "Hi {first}, I'm sorry, we don't match other retailers' prices. If our own price for the "
            "{product} drops within 14 days of your purchase, we refund the difference once per item.",
        ],
        products=["air fryer", "noise-cancelling headphones"],
    ),
    scenario(
        "low", ["store-credit"],
        [
            ("store credit or refund?", "is store credit faster than a refund?"),
            (
                "Change store credit back to refund",
                "I picked store credit by mistake when I returned my {product}. Could it go back on my card "
                "instead?",
                "medium",
            ),
        ],
        [
            "Hi {first}, yes: store credit is available within 24 hours of your return arriving at our "
            "warehouse, while a refund to your original payment method usually shows within 5-10 business "
            "days after inspection.",
            "Hi {first}, no problem. The store credit for {order} hadn't been used, so I've converted it to a "
            "refund to your original payment method. It appears within 5-10 business days.",
        ],
        products=["", "rain jacket"], order=False,
    ),
    scenario(
        "high", ["lost-parcel", "refund"],
        [
            (
                "Refund for parcel that never arrived",
                "The carrier trace on {order} came back 'not found'. I don't want a replacement any more, "
                "I just want a refund please.",
            ),
            (
                "never got my order, want my money",
                "I never received {order} and I want a full refund, not excuses.",
            ),
        ],
        "Hi {first}, I'm sorry the parcel was lost. The carrier trace has confirmed it, so I've issued a full "
        "refund for {order}, including shipping, to your original payment method. It appears within 5-10 "
        "business days; you'll get an email with the refund details.",
    ),
    scenario(
        "medium", ["partial-refund", "dispute"],
        [
            (
                "Why only a partial refund?",
                "I got an email saying my return was 'used/incomplete' and I only get 60% back for the "
                "{product}. I wore them once around the house! This is not fair.",
                "high",
            ),
            (
                "partial refund - parts missing?",
                "Your warehouse says the charger was missing from my return. I'm 100% sure I packed it. "
                "Order {order}.",
            ),
        ],
        "Hi {first}, I understand the frustration. Our policy allows a reduced refund when an item comes "
        "back used or incomplete, and the warehouse notes and photos for {order} show why it was reduced. "
        "I've asked a team lead to review the case with those photos and your explanation; they reply "
        "within 2 business days. If the review finds the return was complete and unused, we'll refund the "
        "rest to your original payment method.",
        products=["running shoes", "cordless drill"],
    ),
    scenario(
        "medium", ["return-window", "refund-policy"],
        [
            (
                "Refund after 35 days",
                "I know it's been a bit more than 30 days, but I was travelling. Can I still return the "
                "{product} for a refund? It's unopened.",
            ),
            (
                "too late for refund?",
                "Bought a {product} 6 weeks ago, it's started making a grinding noise. Can I still get a refund?",
            ),
        ],
        [
            "Hi {first}, I'm sorry, but change-of-mind returns are accepted only within 30 days of delivery, "
            "and {order} was delivered 35 days ago, so I'm not able to offer a refund. If the item develops a "
            "fault, it's covered by our 2-year warranty.",
            "Hi {first}, after 30 days a faulty item is handled under our 2-year warranty rather than as a "
            "refund. A grinding noise sounds like a defect, so please submit a warranty claim from My Orders "
            "with a short video of the noise. We'll repair or replace it, or refund it if neither is possible, "
            "and shipping is free both ways.",
        ],
        products=["bedside lamp", "coffee grinder"],
    ),
    scenario(
        "medium", ["klarna", "refund"],
        [
            (
                "Returned item but Klarna still wants payment",
                "I returned the {product} that I paid for with Klarna, but Klarna just sent me a reminder "
                "for the next instalment. Do I have to pay it?",
            ),
            (
                "klarna refund?",
                "how do refunds work if I paid with Klarna?",
            ),
        ],
        "Hi {first}, when a return is refunded we notify Klarna, and your payment plan is reduced or "
        "cancelled; Klarna usually updates it within a few days. If an instalment is due before then, you "
        "can pause it in the Klarna app by reporting the return. I've checked {order} and the refund has been "
        "sent to Klarna.",
        products=["desk chair", ""],
    ),
    scenario(
        "low", ["gift", "refund"],
        [
            (
                "Returning a gift",
                "My aunt gave me a {product} for my birthday with a gift receipt. I'd rather have the "
                "money. Can you refund me?",
                "medium",
            ),
            (
                "gift refund goes where?",
                "if my friend returns the {product} I bought her, who gets the refund?",
            ),
        ],
        "Hi {first}, refunds always go to the original payment method, so for a gift the money goes back to "
        "the person who bought it. With a gift receipt the recipient can exchange the item within the 30-day "
        "return window, or the buyer can start the return from their account.",
        products=["waffle maker", "scarf"], order=False,
    ),
    scenario(
        "high", ["refund-delayed", "escalation"],
        [
            (
                "Final warning before chargeback",
                "This is the third time I'm writing about {order}. Your warehouse received my return on "
                "the 3rd according to the carrier. No refund, no answer. If I don't hear back by Friday "
                "I'm filing a chargeback with my bank.",
            ),
            (
                "RETURN RECEIVED 3 WEEKS AGO NO REFUND",
                "You have had my {product} for 3 weeks. Carrier confirms delivery to your warehouse. "
                "Still 'Return started' in my account. Unacceptable.",
            ),
            (
                "Refund chased four times - please escalate",
                "To whoever reads this,\n\nOrder {order}. I returned it on the 1st with your own prepaid "
                "label. The carrier's proof of delivery shows it was signed for at your warehouse on the "
                "4th. Since then I've used the chat twice and sent two emails. Each time I was told it would "
                "be 'processed in the next few days'. That was nearly a month ago. I have kept every receipt "
                "and screenshot. I'd like a named person to take ownership of this and tell me the date the "
                "refund will be issued, otherwise I'll go to my bank.\n\n{name}",
            ),
        ],
        "Hi {first}, I'm very sorry, you shouldn't have had to chase us. Your return for {order} was received "
        "but not scanned in at our warehouse, which is why the status didn't change. I've escalated it to a "
        "team lead, who has confirmed it and issued your refund today to your original payment method; it "
        "appears within 5-10 business days. You're of course free to contact your bank, but a chargeback "
        "would freeze the order and slow things down now that the refund has been sent.",
        products=["", "electric scooter"],
    ),
    scenario(
        "medium", ["refund", "shipping-fee"],
        [
            (
                "Shipping not refunded for wrong item",
                "You sent me the wrong {product} and I returned it, but the refund doesn't include the "
                "$12.95 express shipping I paid. Shouldn't that be refunded too?",
            ),
            (
                "do i get shipping back",
                "returning {order} because it arrived broken, do i get the shipping cost back too?",
            ),
        ],
        [
            "Hi {first}, yes, you're right: when we send the wrong item, the original shipping fee is "
            "refunded as well. I've refunded the $12.95 for {order} to your original payment method; it "
            "appears within 5-10 business days. Sorry for the mix-up.",
            "Hi {first}, yes: when an item arrives damaged, the return label is free and the original shipping "
            "fee is refunded together with the item price. It goes to your original payment method within "
            "5-10 business days after we receive the return.",
        ],
        products=["phone case", ""],
    ),
]

INTL = [
    intl(
        "de", "medium", ["refund-status"],
        "Wann bekomme ich mein Geld zurück?",
        "Hallo, ich habe die Kaffeemaschine aus Bestellung {order} vor zehn Tagen zurückgeschickt. Laut "
        "Sendungsverfolgung ist sie bei Ihnen angekommen. Wann wird der Betrag erstattet?",
        "Hallo {first}, Ihre Rücksendung wurde geprüft und die Erstattung gestern auf Ihre ursprüngliche "
        "Zahlungsart veranlasst. Je nach Bank ist der Betrag innerhalb von 5-10 Werktagen sichtbar. Den "
        "Status sehen Sie jederzeit unter Meine Bestellungen.",
    ),
    intl(
        "es", "medium", ["refund", "how-to"],
        "Quiero un reembolso",
        "Buenas tardes. Compré unas zapatillas de running y me quedan grandes, prefiero que me devuelvan "
        "el dinero en lugar de cambiarlas. ¿Cómo lo hago?",
        "Buenas tardes, {first}. Puedes devolverlas en un plazo de 30 días desde la entrega, sin usar. En Mis "
        "pedidos elige 'Devolver artículos', imprime la etiqueta y entrega el paquete en 14 días. Para "
        "devoluciones por cambio de opinión se descuentan 5,95 $ de la etiqueta. El reembolso se hace al "
        "método de pago original en 5-10 días hábiles tras recibir y revisar la devolución.",
    ),
    intl(
        "fr", "high", ["refund-delayed"],
        "Remboursement jamais reçu",
        "Bonjour, vous m'avez confirmé le remboursement de la commande {order} il y a plus de trois "
        "semaines et je n'ai toujours rien reçu sur ma carte. Merci de vérifier rapidement.",
        "Bonjour {first}, je suis désolé pour ce délai. Le remboursement de {order} a bien été émis vers "
        "votre carte. Comme plus de 10 jours ouvrés se sont écoulés, je vous ai envoyé par e-mail la "
        "référence du remboursement : votre banque peut l'utiliser pour retrouver le paiement.",
    ),
    intl(
        "pt", "low", ["refund-policy"],
        "Política de reembolso",
        "Oi, qual é o prazo para pedir reembolso? E o frete é devolvido?",
        "Oi {first}! Você pode devolver itens sem uso em até 30 dias após a entrega. O reembolso vai para o "
        "método de pagamento original em 5 a 10 dias úteis depois que recebemos e conferimos a devolução. "
        "Em devoluções por desistência, a etiqueta de 5,95 $ é descontada e o frete original não é "
        "devolvido; se o produto chegou danificado, com defeito ou errado, a etiqueta é grátis e o frete "
        "também é reembolsado.",
        order=False,
    ),
]
