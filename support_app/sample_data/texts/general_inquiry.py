"""General questions: contacting us, human agents, newsletter, opening hours, pre-sales, feedback."""

from support_app.sample_data._scenario import intl, scenario

SCENARIOS = [
    scenario(
        "low", ["opening-hours"],
        [
            ("opening hours", "what are your opening hours?"),
            (
                "Are you open on Sundays?",
                "Hi, I work during the week. Is your phone line open on weekends? I have a question about the "
                "{product} I'd rather ask someone directly.",
            ),
        ],
        "Hi {first}, live chat and phone are open Monday to Friday 8 am-8 pm and Saturday 9 am-5 pm (Eastern "
        "Time), and closed on Sundays and public holidays. You can send an email or use the contact form any "
        "time, and we reply within 1 business day.",
        products=["", "espresso machine"], order=False,
    ),
    scenario(
        "low", ["human-agent"],
        [
            ("talk to a human", "i want to talk to a real person not a bot"),
            (
                "How do I reach an actual agent?",
                "Your chat assistant keeps sending me help articles. My question is a bit unusual and I'd "
                "like to speak with someone from your team, please.",
            ),
            (
                "Please put me through to a person",
                "Hello,\n\nI'm 78 and not very good with computers. My granddaughter usually helps me with "
                "orders, but she is away. I would like to ask someone about a kettle I am thinking of "
                "buying: whether it is light enough for me to lift when it is full, and whether the switch "
                "is easy to press. I would much rather speak to a person on the telephone than type. Could "
                "you tell me when I can call and what number to use?\n\nThank you kindly,\n{name}",
            ),
        ],
        "Hi {first}, of course. Type 'agent' in the chat, or choose option 0 on the phone menu (1-800-555-0199), "
        "and you'll be transferred to a member of our team during opening hours (Monday-Friday 8 am-8 pm, "
        "Saturday 9 am-5 pm ET). Outside those hours, leave a message and we'll reply on the next business day.",
        order=False,
    ),
    scenario(
        "low", ["contact", "phone"],
        [
            ("customer service number", "whats your customer service phone number"),
            (
                "Best way to contact you",
                "What is the quickest way to get in touch with customer service about an existing order? "
                "Email, chat or phone?",
            ),
        ],
        "Hi {first}, you can call us on 1-800-555-0199 or use the live chat during opening hours (Monday-Friday "
        "8 am-8 pm, Saturday 9 am-5 pm ET); both are the quickest. The contact form under Help > Contact us is "
        "open any time and we reply within 1 business day. Adding your order number (like ORD-10482) helps us "
        "find it straight away. Many things, such as tracking and returns, can also be done instantly in My "
        "Orders.",
        order=False,
    ),
    scenario(
        "low", ["newsletter", "subscribe"],
        [
            ("sign up for newsletter", "how do i sign up for your newsletter"),
            (
                "Newsletter discount",
                "Hi! I heard you give a discount when you subscribe to the newsletter. How does that work, "
                "and can I use it on the {product} that's already on sale?",
            ),
        ],
        "Hi {first}, enter your email in the sign-up box at the bottom of any page (or tick Newsletter under "
        "Account > Communication preferences) and confirm from the email we send. New subscribers get a 10% "
        "welcome code for their first order, valid for 30 days. It works on sale items too, but it can't be "
        "combined with other promo codes.",
        products=["", "air purifier"], order=False,
    ),
    scenario(
        "low", ["newsletter", "unsubscribe"],
        [
            ("unsubscribe", "unsubscribe me from your emails please"),
            (
                "Too many marketing emails",
                "I'm getting several emails a week from you and it's too much. I'd like to stop the "
                "newsletter but still hear about my orders.",
            ),
        ],
        "Hi {first}, done: I've unsubscribed you from the newsletter. You can also do this yourself with the "
        "Unsubscribe link at the bottom of any newsletter or under Account > Communication preferences. Emails "
        "that were already scheduled may still arrive for up to 48 hours. Order confirmations, shipping updates "
        "and refund notices will keep coming, as they're about your orders.",
        order=False,
    ),
    scenario(
        "low", ["newsletter", "unsubscribe", "complaint"],
        [
            (
                "Still getting emails after unsubscribing",
                "I unsubscribed TWO WEEKS ago and I'm still getting your promo emails every other day. This "
                "is spam. Remove me now.",
                "medium",
            ),
            (
                "sms offers",
                "how do i stop the text messages with offers",
            ),
        ],
        [
            "Hi {first}, I'm sorry. I found that your unsubscribe only applied to one of two email addresses "
            "linked to your orders. I've removed both from all marketing lists now; any emails already "
            "scheduled may still arrive within the next 48 hours, but nothing after that.",
            "Hi {first}, reply STOP to any of our text messages and they'll stop straight away. You can also "
            "switch off SMS offers under Account > Communication preferences.",
        ],
        order=False,
    ),
    scenario(
        "low", ["pre-sales", "dimensions"],
        [
            (
                "Will the sofa fit through my door?",
                "I'm thinking about the {product}. Our front door is 80 cm wide and there's a narrow stairway. "
                "Does it come assembled?",
            ),
            (
                "size of coffee machine",
                "how tall is the {product}? need it to fit under my kitchen cabinets, 45 cm clearance",
            ),
        ],
        [
            "Hi {first}, the {product} arrives in two boxes and the legs and backrest are attached at home, so "
            "the largest box is 76 cm deep and fits through an 80 cm door. The packaged dimensions are listed "
            "on the product page under 'Delivery & assembly'. Freight delivery takes 7-10 business days and "
            "the carrier calls to book a slot.",
            "Hi {first}, the {product} is 41 cm tall with the water tank fitted, so it fits under 45 cm, though "
            "you'll need to slide it forward to refill the tank from the top. All dimensions are on the product "
            "page under 'Specifications'.",
        ],
        products=["corner sofa", "coffee machine"], order=False,
    ),
    scenario(
        "low", ["pre-sales", "restock"],
        [
            ("when back in stock", "when will the {product} be back in stock?"),
            (
                "Reserve an item?",
                "The {product} in grey is sold out in size 38. Can you reserve one for me when it comes back?",
            ),
        ],
        "Hi {first}, I'm sorry, we don't have a confirmed restock date and we can't reserve items. If you "
        "choose 'Notify me' on the product page, we'll email you once as soon as it's back in stock.",
        products=["noise-cancelling headphones", "wool coat"], order=False,
    ),
    scenario(
        "low", ["feedback", "compliment"],
        [
            (
                "Thank you to your agent",
                "I just wanted to say thanks to Jordan from your chat team, who sorted out my damaged "
                "{product} in ten minutes on a Saturday. Great service!",
            ),
            ("love the app", "just wanted to say the new app is really nice and fast. well done"),
        ],
        "Hi {first}, thank you so much for taking the time to write. I've passed your kind words on to the team; "
        "feedback like this really makes their day.",
        products=["standing desk", ""], order=False,
    ),
    scenario(
        "low", ["feedback", "packaging"],
        [
            (
                "Too much packaging",
                "I ordered a phone case and it came in a box big enough for a shoe, full of plastic air "
                "pillows. Please think about the environment.",
            ),
            (
                "Suggestion: evening delivery slots",
                "Small suggestion: it would be great to choose an evening delivery window. I'm never home "
                "before 6 and keep missing parcels.",
            ),
        ],
        "Hi {first}, thank you for the feedback. I've passed it on to our operations team, who review "
        "customer suggestions every month. We read every message even if we can't reply to each change "
        "individually.",
        order=False,
    ),
    scenario(
        "medium", ["complaint", "review-request"],
        [
            (
                "Complaint about how my case was handled",
                "I want to complain about the way my return was handled. I was passed between three agents, "
                "each told me something different, and one closed the ticket without answering. I'd like "
                "someone senior to look at this.",
            ),
            (
                "unhappy with service",
                "honestly the worst customer service ive had. nobody reads my emails properly. want to "
                "speak to a manager",
            ),
            (
                "Formal complaint about repeated wrong answers",
                "Dear customer service manager,\n\nOver the past three weeks I have contacted your team five "
                "times about one missing parcel. I was told it was delivered, then that it was lost, then "
                "that a replacement had shipped, which it had not. Each agent asked me to explain everything "
                "from the start. The issue has since been sorted out, but I want to make a formal complaint "
                "about the way it was handled, because it cost me several hours. I'd like someone senior to "
                "review the case and respond in writing.\n\nYours sincerely,\n{name}",
            ),
        ],
        "Hi {first}, I'm sorry for the experience you've had; that's not the service we aim for. I've passed "
        "your case to a team lead for review, as you asked. They'll read the full history and reply to you "
        "within 2 business days.",
        order=False,
    ),
    scenario(
        "low", ["gift-wrap", "gift-card"],
        [
            ("gift wrapping?", "do you do gift wrapping"),
            (
                "Buying a gift card",
                "I'd like to get a gift card for my niece. What amounts are there and do they expire?",
            ),
        ],
        [
            "Hi {first}, yes: gift wrapping costs $4 per item and can be chosen at checkout. You can also add a "
            "gift receipt, which hides the prices and lets the recipient exchange the item within the 30-day "
            "return window.",
            "Hi {first}, gift cards are available from $10 to $500 and never expire. They can be used together "
            "with any other payment method.",
        ],
        order=False,
    ),
    scenario(
        "low", ["business", "bulk-order"],
        [
            (
                "Bulk order for our office",
                "We're furnishing a new office and need 25 units of the {product}. Do you offer a business price "
                "and invoicing?",
            ),
            ("discount for 12 units?", "any discount if i buy 12 {product}s for my team?"),
            (
                "Quote request: chairs for a co-working space",
                "Hi,\n\nI manage a small co-working space that's opening in the spring. We'd like to buy "
                "around 40 units of the {product} and possibly some standing desks later on. Before I place "
                "anything I'd need a formal quote on company letterhead for our board, information on "
                "delivery for a large quantity (we have a goods lift, but only on weekdays), and whether you "
                "can invoice us on 30-day terms instead of taking card payment up front. Who would be the "
                "right person to talk to?\n\nBest,\n{name}",
            ),
        ],
        "Hi {first}, for orders of 10 or more units, please email business@brightcart.example. The business "
        "team will send you a quote and can set up invoicing for your company; they usually reply within 1 "
        "business day.",
        products=["ergonomic office chair", "monitor arm"], order=False,
    ),
    scenario(
        "low", ["store-locations"],
        [
            ("physical store?", "do you have a shop i can visit to see the {product}"),
            (
                "Click and collect",
                "Is there anywhere I can pick up my order myself instead of having it delivered?",
            ),
        ],
        [
            "Hi {first}, we're online only, so there's no shop to visit. The product page has detailed photos, "
            "dimensions and verified customer reviews, and you can return it within 30 days of delivery if it "
            "isn't right for you.",
            "Hi {first}, we don't have our own stores, but you can choose a pickup point at checkout, or pick one "
            "from the carrier's tracking page after your order ships. Parcels are held there for 7 days.",
        ],
        products=["three-seater sofa", ""], order=False,
    ),
    scenario(
        "low", ["pre-sales", "recommendation"],
        [
            (
                "Which headphones for running?",
                "Hi, I'm choosing between the {product} and the over-ear ones for running outdoors. Which "
                "would you recommend? I sweat a lot.",
            ),
            (
                "difference between two blenders",
                "whats the difference between the Pro 600 and the Pro 900 blender, is it worth the extra $70?",
            ),
        ],
        [
            "Hi {first}, for running the {product} are the better choice: they're rated IPX5 for sweat and rain, "
            "have ear hooks so they stay put, and weigh much less than the over-ear model. The over-ear ones "
            "have better noise cancelling but aren't designed for sport.",
            "Hi {first}, the Pro 900 has a stronger 1,200 W motor, a heated soup programme and a glass jug, while "
            "the Pro 600 has a 900 W motor and a plastic jug. For smoothies both work well; if you make soups or "
            "crush ice often, the Pro 900 is worth it. Both have the same 2-year warranty.",
        ],
        products=["sport earbuds", ""], order=False,
    ),
    scenario(
        "low", ["welcome-code", "newsletter"],
        [
            (
                "Welcome code not received",
                "I subscribed to the newsletter yesterday but never got the 10% code.",
            ),
            (
                "forgot to use welcome code",
                "i placed my first order {order} and forgot to enter the newsletter code. can you apply it?",
            ),
        ],
        [
            "Hi {first}, the welcome code is sent once you've confirmed your subscription from the first email, "
            "and yours hadn't been confirmed yet. I've re-sent the confirmation email; once you click it, the 10% "
            "code arrives within a few minutes and is valid for 30 days on your first order.",
            "Hi {first}, I'm sorry, promo codes can't be added after an order has been placed. If {order} hasn't "
            "shipped yet, I can cancel it so you can order again with the code; the code is valid for 30 days. "
            "Just reply and let me know.",
        ],
        order=False,
    ),
]

INTL = [
    intl(
        "de", "low", ["newsletter", "unsubscribe"],
        "Newsletter abbestellen",
        "Bitte melden Sie mich vom Newsletter ab. Danke.",
        "Hallo {first}, erledigt: Sie erhalten keinen Newsletter mehr. Bereits geplante E-Mails können noch "
        "bis zu 48 Stunden ankommen. Bestellbestätigungen und Versandinfos bekommen Sie weiterhin.",
        order=False,
    ),
    intl(
        "es", "low", ["opening-hours", "human-agent"],
        "Horario de atención",
        "¿Cuál es el horario de atención telefónica? Quiero hablar con una persona, no con el chat "
        "automático.",
        "Hola {first}, el chat y el teléfono (1-800-555-0199) atienden de lunes a viernes de 8:00 a 20:00 y "
        "los sábados de 9:00 a 17:00 (hora del Este). Escribe 'agent' en el chat o pulsa 0 en el menú "
        "telefónico para hablar con una persona de nuestro equipo.",
        order=False,
    ),
    intl(
        "fr", "low", ["feedback", "compliment"],
        "Merci pour votre service",
        "Bonjour, je voulais simplement vous remercier : ma commande est arrivée en avance et très bien "
        "emballée. Bravo à toute l'équipe !",
        "Bonjour {first}, merci beaucoup pour votre message ! Je transmets vos compliments à l'équipe de "
        "l'entrepôt, cela leur fera très plaisir.",
        order=False,
    ),
    intl(
        "pt", "low", ["pre-sales", "restock"],
        "Quando volta ao estoque?",
        "Oi, a jaqueta corta-vento azul está esgotada no tamanho M. Vocês sabem quando volta?",
        "Oi {first}! Ainda não temos data confirmada de reposição e não conseguimos reservar produtos. Clique "
        "em 'Avise-me' na página do produto e enviaremos um e-mail assim que voltar ao estoque.",
        order=False,
    ),
]
