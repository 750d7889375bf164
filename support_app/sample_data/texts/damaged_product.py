"""Damaged items: broken or dented on arrival, wrong or missing parts, defective on arrival, hazards."""

from support_app.sample_data._scenario import intl, scenario

SCENARIOS = [
    scenario(
        "high", ["arrived-broken", "photos"],
        [
            ("blender jug cracked", "the glass jug of my {product} arrived cracked. photos attached"),
            (
                "Broken on arrival",
                "Hi,\n\nI opened my parcel this morning ({order}) and the {product} is broken: the glass "
                "carafe has a big crack down one side and there are shards in the foam. The outer box "
                "looked fine. I've attached photos of the carafe, the box and the label. I'd like a "
                "replacement if possible.\n\nThanks,\n{name}",
            ),
        ],
        "Hi {first}, I'm so sorry it arrived like that, and thank you for the photos. I've sent a replacement "
        "{product} free by Express; it ships within 1-2 business days and you'll get the tracking link by "
        "email. Please don't use the broken part. I've also emailed you a free return label for the damaged "
        "one; wrap the glass well and drop it off within 14 days. There's no charge for any of this.",
        products=["blender", "coffee machine"],
    ),
    scenario(
        "high", ["dented"],
        [
            (
                "Dented kettle",
                "My new {product} came with a big dent on the side and the lid doesn't close properly. The "
                "box corner was crushed too.",
            ),
            (
                "fridge door dented",
                "the mini fridge we got today has a dent in the door, driver left before we opened it. "
                "what do we do",
            ),
            (
                "Kettle arrived damaged - photos attached",
                "Hello,\n\nMy {product} arrived this afternoon. The outer box had a large crushed corner and, "
                "sure enough, the kettle has a deep dent right next to the handle and the base doesn't sit "
                "flat on the power plate. I haven't plugged it in because I'm not sure it's safe. I've "
                "attached three photos: the kettle, the box and the shipping label, as your website asks. "
                "I'd be happy with either a new one or my money back, whichever is quicker.\n\nBest,\n{name}",
            ),
        ],
        [
            "Hi {first}, sorry about that. Please send us photos of the dent, the outer box and the shipping "
            "label (reply to this email or use My Orders > Report a problem); damage claims need them, and you "
            "have 14 days from delivery. Once we have them you can choose a free replacement sent by Express or "
            "a full refund including shipping. We'll email a free return label or, for large items, book a free "
            "collection.",
            "Hi {first}, sorry about that. Please send us photos of the dent, the outer box and the shipping "
            "label (reply to this email or use My Orders > Report a problem); damage claims need them, and you "
            "have 14 days from delivery. Once we have them you can choose a free replacement or a full refund "
            "including shipping, and for a fridge we book a free collection of the damaged one.",
            "Hi {first}, thank you for the photos, and you were right not to plug it in. As you'd like whichever "
            "is quicker, I've issued a full refund including shipping to your original payment method (it shows "
            "within 5-10 business days) and emailed you a free return label for the damaged kettle. If you'd "
            "still like a new one, a replacement ships by Express within 1-2 business days; just reply.",
        ],
        products=["electric kettle", "mini fridge"],
    ),
    scenario(
        "high", ["scratched", "photos"],
        [
            (
                "Scratches all over new laptop stand",
                "The aluminium {product} I received has deep scratches on the top plate, like it was "
                "dragged across concrete. Not acceptable for the price. Photos below.",
                "medium",
            ),
            (
                "scratched item",
                "got my {product} today, screen has a scratch right in the middle. order {order}",
            ),
        ],
        "Hi {first}, thank you for the photos, and sorry it arrived in that state. I've arranged a "
        "replacement, sent free by Express within 1-2 business days, and emailed you a free return label for "
        "the scratched one. Please send it back within 14 days; there's no charge. If you'd prefer a full "
        "refund instead, just reply and I'll switch it.",
        products=["laptop stand", "tablet"],
    ),
    scenario(
        "high", ["wrong-item"],
        [
            (
                "Wrong item received",
                "I ordered the black {product} and received a completely different model in white. Order {order}.",
            ),
            (
                "this is not what i ordered",
                "got someone else's order?? there's a dog bed in the box, i ordered a {product}",
            ),
            (
                "Wrong model delivered",
                "Hi,\n\nI ordered the over-ear {product} in black (order {order}) and what arrived is a pair "
                "of on-ear headphones in white, a cheaper model. The packing slip inside actually lists the "
                "right product, so I think someone picked the wrong item off the shelf. I haven't opened the "
                "product's own packaging. I need the right ones for a long flight in ten days, so I'd "
                "appreciate it if the correct pair could be sent without waiting for me to return these "
                "first.\n\nThank you,\n{name}",
            ),
        ],
        "Hi {first}, I'm sorry for the mix-up. I've sent the correct {product} by Express at no cost and "
        "emailed you a free return label for the item you received by mistake. Please send it back within 14 "
        "days. You don't need to wait for the return before the replacement ships.",
        products=["wireless headphones", "desk organiser"],
    ),
    scenario(
        "medium", ["missing-parts", "furniture"],
        [
            (
                "Missing screws for the desk",
                "Assembling the {product} and bag C (the long screws) is missing. I've checked every box "
                "twice. Can't finish it without them.",
                "high",
            ),
            (
                "missing part",
                "shelf unit is missing 2 of the shelf pins, part no. 118334",
            ),
        ],
        "Hi {first}, sorry about that. I've ordered the missing parts for you free of charge; they'll arrive "
        "within 3-5 business days and you don't need to return anything. Tip for the future: small parts are "
        "sometimes taped inside the lid or under the foam insert, so it's worth a quick look before the "
        "assembly day.",
        products=["standing desk", ""],
    ),
    scenario(
        "high", ["doa", "defective"],
        [
            (
                "Doesn't turn on",
                "Brand new {product}, fully charged overnight, won't switch on. No lights, nothing. Very "
                "disappointed.",
            ),
            (
                "Dead on arrival",
                "Good evening. The {product} I received on Tuesday ({order}) does not power on at all. I "
                "tried a different socket and a different cable. I would appreciate a replacement as soon "
                "as possible as it was meant for my father's birthday.",
            ),
        ],
        "Hi {first}, I'm sorry it arrived faulty. As it's within 30 days of delivery, you can choose a "
        "replacement or a refund. I've set up a replacement sent free by Express (it ships within 1-2 "
        "business days) and emailed a free return label for the faulty one. If you'd rather have a full "
        "refund, including shipping, just reply and I'll change it.",
        products=["electric toothbrush", "bluetooth speaker"],
    ),
    scenario(
        "urgent", ["safety", "sparking"],
        [
            (
                "SPARKS coming from heater",
                "The {product} I bought from you sparked and there was a burning smell when I turned it on "
                "tonight. I unplugged it immediately. This could have started a fire. What are you going to "
                "do about it?",
            ),
            (
                "burning smell from toaster",
                "toaster started smelling like burning plastic the second time i used it and the cord got "
                "hot. unplugged it. is this safe???",
            ),
        ],
        "Hi {first}, thank you for unplugging it straight away. Please don't use it again. Safety cases are "
        "our highest priority and this has been escalated to our team lead and our product safety team. We "
        "refund or replace the product, your choice; you don't need to send it back, and we've emailed you "
        "instructions for safe disposal. The safety team may contact you to ask a few questions about what "
        "happened.",
        products=["fan heater", ""],
    ),
    scenario(
        "urgent", ["safety", "battery"],
        [
            (
                "Battery swelling",
                "The battery in my {product} has swollen so much the case is splitting open. It's 2 months "
                "old. Should I send it back?",
            ),
            (
                "power bank puffed up",
                "power bank i bought is all puffy and warm. what do i do with it",
            ),
        ],
        "Hi {first}, please stop using and charging it and keep it away from anything flammable. Do not post "
        "a swollen battery back to us: it isn't safe to ship. We've emailed you disposal instructions (local "
        "battery recycling points accept it). This is handled as a safety case, and we'll refund or replace "
        "it, whichever you prefer; just reply with your choice.",
        products=["cordless vacuum", ""],
    ),
    scenario(
        "medium", ["photos", "damage-claim"],
        [
            (
                "How do I send photos of damage?",
                "The form asks for photos of the damaged {product} and the box. I don't see where to "
                "attach them.",
            ),
            (
                "threw away the box",
                "my {product} arrived with a cracked base but I already recycled the box. do you still need "
                "photos of the packaging?",
                "high",
            ),
        ],
        [
            "Hi {first}, in My Orders select the order and choose 'Report a problem'; there's an 'Add photos' "
            "button under the description. Please include the damaged item, the outer box and the shipping "
            "label. If it's easier, just reply to this email with the photos attached.",
            "Hi {first}, photos of the box help with the carrier claim, but don't worry if it's gone. Please "
            "send clear photos of the cracked base and of the shipping label if you still have it. As you've "
            "reported it within 14 days of delivery, we can then offer a replacement or a full refund.",
        ],
        products=["coffee table", "desk lamp"],
    ),
    scenario(
        "medium", ["damage-claim", "late-report"],
        [
            (
                "Noticed damage late",
                "I only unpacked the {product} now, about a month after it arrived, and one of the panels "
                "is cracked. Can I still get it replaced?",
            ),
            (
                "damaged item reported late",
                "been travelling, just opened the parcel from last month and the {product} is broken "
                "inside. order {order}",
            ),
        ],
        "Hi {first}, sorry to hear that. Transit damage has to be reported within 14 days of delivery with "
        "photos, and that window has passed for {order}, so I'm not able to process it as a shipping damage "
        "claim. If the crack is a manufacturing defect rather than impact damage, it's covered by our 2-year "
        "warranty: please send photos via My Orders > Warranty claim and our team will assess it within 2 "
        "business days.",
        products=["bookcase", "ceramic vase set"],
    ),
    scenario(
        "high", ["furniture", "arrived-broken"],
        [
            (
                "Sofa leg snapped and fabric torn",
                "The {product} was delivered yesterday. One of the legs is snapped clean off and there's a "
                "10 cm tear in the fabric on the back. The delivery guys were in a hurry and left before I "
                "could check. Photos attached. I paid $1,200 for this.",
            ),
            (
                "wardrobe door broken",
                "wardrobe arrived with one door split down the middle. box had a hole in it. pics attached",
            ),
            (
                "Sofa delivered with broken frame",
                "Dear Brightcart,\n\nYour freight partner delivered our {product} yesterday. They unwrapped it "
                "in the hallway, and when we pushed it into place there was a loud crack. The wooden frame "
                "under the left seat is split, and that whole side now sags by a few centimetres. The "
                "drivers had already left. The packaging had two large holes on that side, so I suspect it "
                "was dropped on the way. I've taken photos of the frame, the seat and the torn packaging. "
                "We'd like a replacement, but we'd need to know how long it takes and whether someone will "
                "take the broken one away.\n\nRegards,\n{name}",
            ),
        ],
        "Hi {first}, I'm really sorry, and thank you for the photos. We'll book a free collection of the "
        "damaged {product} and deliver a new one; our freight partner will call you to arrange both on the "
        "same visit. If you'd prefer a full refund instead, including the delivery charge, reply and I'll "
        "arrange that after the collection.",
        products=["corner sofa", "wardrobe"],
    ),
    scenario(
        "urgent", ["safety", "injury"],
        [
            (
                "Glass shattered and cut my hand",
                "The glass lid of the {product} shattered when I lifted it off the base. I cut my hand "
                "and needed stitches. This is a dangerous product.",
            ),
            (
                "cooker exploded",
                "the {product} lid popped off under pressure and sprayed boiling liquid everywhere. nobody "
                "hurt thank god but my kid was right there",
            ),
        ],
        "Hi {first}, I'm so sorry, and I hope you're all right. Please don't use the product again. I've "
        "escalated this to our team lead and product safety team, who will contact you personally within 1 "
        "business day. We'll refund the product in full, and the safety team will arrange for it to be "
        "collected so it can be examined; please keep it and all parts until then.",
        products=["cookware set", "pressure cooker"],
    ),
    scenario(
        "medium", ["used-item", "wrong-item"],
        [
            (
                "Item looks used",
                "The {product} I received has fingerprints on it, a few crumbs inside, and the seal on the "
                "box was already broken. I paid for a new one, not a returned one.",
                "high",
            ),
            (
                "already opened",
                "box of my {product} was opened and retaped, looks like someone returned it. not happy",
            ),
        ],
        "Hi {first}, I'm sorry, that shouldn't have happened; you're entitled to a new item. I've sent a "
        "brand-new {product} by Express at no cost and emailed a free return label for the one you received. "
        "I've also reported it to our warehouse team so they can check how it got through.",
        products=["toaster", "smart speaker"],
    ),
    scenario(
        "high", ["replacement-damaged", "escalation"],
        [
            (
                "Replacement also broken!!",
                "This is the SECOND {product} that has arrived broken. The replacement came today with the "
                "same cracked corner. I've wasted two weeks on this.",
            ),
            (
                "second one damaged as well",
                "Sorry to write again, but the replacement for {order} is damaged too - the handle is bent "
                "exactly like the first. Maybe it's the packaging?",
            ),
        ],
        "Hi {first}, I'm really sorry, that's frustrating. I've escalated this to a team lead, who has asked "
        "the warehouse to inspect and repack the next unit themselves. You can choose: a third replacement, "
        "checked before it leaves and sent by Express, or a full refund including shipping, with no need to "
        "return the damaged items (we'll collect them if you'd rather not keep them). Just tell us which you "
        "prefer. The team lead has approved both options.",
        products=["glass shelf", "kettle"],
    ),
    scenario(
        "medium", ["missing-accessory"],
        [
            (
                "Charger missing from box",
                "The {product} arrived without its charging cable. The manual says it should be included.",
            ),
            (
                "no remote in the box",
                "bought the {product} and there's no remote in the box. is it sold separately?",
            ),
        ],
        "Hi {first}, thanks for letting us know. I checked, and it should be included, so I've sent the "
        "missing part free of charge; it arrives within 3-5 business days and you don't need to return "
        "anything. Please keep an eye out in the packaging too, since cables are sometimes tucked under the "
        "foam insert.",
        products=["robot vacuum", "soundbar"],
    ),
    scenario(
        "high", ["defective", "leaking"],
        [
            (
                "Coffee machine leaking",
                "My new {product} leaks water from underneath every time I brew. There's a puddle on the "
                "counter each morning. Bought it 10 days ago.",
            ),
            (
                "leak from dishwasher",
                "the compact {product} is leaking from the door seal on the first run, water all over my "
                "floor. order {order}",
            ),
        ],
        "Hi {first}, sorry about this. Please stop using it and unplug it, as water and electricity don't "
        "mix. As it's within 30 days of delivery, you can have a replacement or a full refund. I've emailed "
        "you a free return label (for large appliances we book a free collection instead) and, if you choose "
        "a replacement, it ships by Express as soon as you reply.",
        products=["coffee machine", "dishwasher"],
    ),
]

INTL = [
    intl(
        "de", "high", ["arrived-broken", "photos"],
        "Mixer kaputt angekommen",
        "Guten Tag,\n\nder Standmixer aus Bestellung {order} ist heute mit einem gesprungenen Glasbehälter "
        "angekommen. Fotos vom Gerät, vom Karton und vom Versandetikett habe ich angehängt. Ich hätte gern "
        "Ersatz.\n\nMit freundlichen Grüßen\n{name}",
        "Hallo {first}, das tut mir sehr leid, und danke für die Fotos. Wir schicken Ihnen kostenlos einen "
        "Ersatz per Express; er wird innerhalb von 1-2 Werktagen versendet. Für den beschädigten Mixer haben "
        "wir Ihnen ein kostenloses Rücksendeetikett gemailt; bitte verpacken Sie das Glas gut.",
    ),
    intl(
        "es", "high", ["wrong-item"],
        "Me enviaron un producto equivocado",
        "Pedí unos auriculares negros y me llegaron unos blancos de otro modelo. Pedido {order}.",
        "Hola {first}, disculpa la confusión. Te hemos enviado los auriculares correctos por Express sin "
        "coste y te mandamos por correo una etiqueta de devolución gratuita para los que recibiste por "
        "error. Envíalos en un plazo de 14 días.",
    ),
    intl(
        "fr", "medium", ["missing-parts"],
        "Pièces manquantes pour le bureau",
        "Bonjour, il manque les vis du sachet B pour monter mon bureau réglable (commande {order}). J'ai "
        "vérifié tous les cartons.",
        "Bonjour {first}, désolé pour ce désagrément. Je vous envoie gratuitement les pièces manquantes ; "
        "elles arriveront sous 3 à 5 jours ouvrés et vous n'avez rien à renvoyer.",
    ),
    intl(
        "pt", "urgent", ["safety", "battery"],
        "Bateria inchada",
        "A bateria do meu aspirador sem fio está inchada e quente. Devo devolver pelo correio?",
        "Olá {first}, pare de usar e de carregar o aparelho e mantenha-o longe de materiais inflamáveis. Não "
        "envie uma bateria inchada pelo correio, não é seguro. Enviamos por e-mail as instruções de descarte. "
        "Vamos reembolsar ou substituir o produto, como preferir.",
    ),
]
