"""Technical support: app and website errors, device setup, firmware, connectivity, outages."""

from support_app.sample_data._scenario import intl, scenario

SCENARIOS = [
    scenario(
        "medium", ["app-crash", "ios"],
        [
            ("app crashes on startup", "app crashes as soon as i open it. iphone 12"),
            (
                "Android app freezes on the basket page",
                "Since yesterday's update the app freezes whenever I open the basket. I have to force close "
                "it. Samsung Galaxy A52, Android 13. Can't place my order.",
                "high",
            ),
        ],
        "Hi {first}, sorry about that. Please update the app to the latest version, close it completely and "
        "reopen it, then sign out and back in. If it still happens: on Android go to Settings > Apps > "
        "Brightcart > Storage > Clear cache; on iOS delete and reinstall the app (your account and orders are "
        "stored online). If that doesn't help, reply with the app version from Account > About and a "
        "screenshot, and I'll pass it to our engineers. Meanwhile the website works on your phone's browser.",
        order=False,
    ),
    scenario(
        "high", ["checkout-error", "website"],
        [
            (
                "Error at checkout",
                "Every time I press 'Place order' I get 'Something went wrong (error 500)'. I've tried three "
                "times over the last hour. The basket has the {product} in it, on sale until midnight.",
            ),
            (
                "checkout page blank",
                "checkout page is just white after i enter my address. chrome on windows",
                "medium",
            ),
        ],
        [
            "Hi {first}, thanks for reporting it. We had an incident affecting checkout between 9:40 and 10:55 "
            "pm yesterday, and it's now fixed. As the error stopped you from ordering at the sale price, we'll "
            "honour that price for 48 hours: I've added it to your basket and you can check out as normal.",
            "Hi {first}, a blank checkout page is usually caused by an ad blocker or privacy extension "
            "blocking the payment form. Please pause extensions for brightcart.example, clear cookies for "
            "the site or try a private window, and make sure Chrome is up to date. If it's still blank, send "
            "us a screenshot and we'll investigate.",
        ],
        products=["stand mixer", ""], order=False,
    ),
    scenario(
        "medium", ["smart-plug", "wifi", "setup"],
        [
            (
                "Smart plug won't connect",
                "Trying to set up the {product} in the Brightcart Home app. It finds the plug over Bluetooth "
                "but then fails at 'Connecting to Wi-Fi' every single time. Password is definitely right.",
            ),
            (
                "cant connect to wifi",
                "the {product} says connection failed when i add it, my wifi is fine for everything else",
            ),
            (
                "Setting up three smart plugs - only one works",
                "Hello,\n\nI bought a three-pack of {product}s to automate some lamps. The first one set up "
                "in two minutes. The second and third ones fail at the last step with 'Device could not join "
                "the network'. All three are in the same room, and I've reset the failing ones several times "
                "by holding the button. My router is a mesh system from my internet provider, and I'm not "
                "sure which band it uses. I'm not very technical, so simple steps would be much "
                "appreciated.\n\nThanks,\n{name}",
            ),
        ],
        "Hi {first}, this is almost always the Wi-Fi band: our devices only work on 2.4 GHz Wi-Fi. If your "
        "router uses one name for both 2.4 and 5 GHz, turn on a separate 2.4 GHz network in the router "
        "settings (or switch off 5 GHz during setup). Also check the router uses WPA2 or WPA2/WPA3 mixed, not "
        "WPA3 only, and stay within 3 metres of it. Then hold the reset button for 10 seconds until the light "
        "blinks amber and add the device again.",
        products=["smart plug", "smart bulb"], order=False,
    ),
    scenario(
        "medium", ["firmware", "update-stuck"],
        [
            (
                "Firmware update stuck at 63%",
                "The firmware update for my {product} has been sitting at 63% for over an hour. Is it safe "
                "to unplug it?",
            ),
            (
                "update failed",
                "firmware update on my {product} failed twice, now says 'update error 12'",
            ),
            (
                "Camera offline since yesterday's firmware update",
                "Hi support,\n\nYesterday the Brightcart Home app prompted me to update the firmware on my "
                "{product}. I started it at about 9 pm. This morning the app still shows 'Updating 87%' and "
                "the camera's light is solid white. The camera covers our back door, so I'd like it working "
                "again before we go away this weekend. I don't want to make things worse by pulling the "
                "plug, so I thought I'd ask first what the right thing to do is.\n\nBest regards,\n{name}",
            ),
        ],
        "Hi {first}, an update normally takes up to 10 minutes. If it's stuck at the same percentage for more "
        "than 20 minutes, it's safe to unplug the device for 30 seconds, plug it back in and start the update "
        "again from Settings > Firmware in the Brightcart Home app. If an update fails, the device keeps its "
        "previous firmware, so nothing is lost. Keep it close to the router while it updates.",
        products=["security camera", "video doorbell"], order=False,
    ),
    scenario(
        "medium", ["robot-vacuum", "offline"],
        [
            (
                "Robot vacuum shows offline",
                "The {product} worked fine for two months and now shows 'Offline' in the app, even though "
                "it's on the dock right next to the router.",
            ),
            (
                "vacuum keeps disconnecting",
                "my robot vacuum drops off the wifi every few hours since we got a new router",
            ),
        ],
        "Hi {first}, please restart the router and the device, and check the router hasn't moved the device "
        "to 5 GHz: our devices need 2.4 GHz Wi-Fi, and new routers often combine both bands under one name. "
        "Setting up a separate 2.4 GHz network usually fixes the drop-outs. If it still won't stay online, "
        "hold the reset button for 10 seconds and add it again in the app. If nothing helps, it may be a "
        "faulty Wi-Fi module, which is covered by our 2-year warranty.",
        products=["robot vacuum", ""], order=False,
    ),
    scenario(
        "medium", ["bluetooth", "pairing", "headphones"],
        [
            ("headphones wont pair", "my new headphones wont show up in bluetooth on my phone"),
            (
                "Pairing the earbuds with a second device",
                "I've connected the {product} to my phone but can't get them to pair with my laptop as "
                "well. They never appear in the Windows Bluetooth list.",
            ),
        ],
        "Hi {first}, to put them in pairing mode, hold the power button for 7 seconds until the light flashes "
        "blue and red; they'll then appear in the Bluetooth list. If they connected to another device before, "
        "clear the old pairings first by holding power and volume down for 10 seconds. Turn Bluetooth off "
        "and on again on the device you're pairing to.",
        products=["", "wireless earbuds"], order=False,
    ),
    scenario(
        "high", ["outage", "website-down"],
        [
            ("site down?", "is your website down? getting 503 for like 20 minutes"),
            (
                "Can't access website or app",
                "Neither the app nor the website loads this morning. I'm trying to start a return before "
                "the 30 days run out tomorrow. Is something wrong on your side?",
            ),
        ],
        [
            "Hi {first}, yes, error 503 means we were doing planned maintenance; it finished at 6:20 am and "
            "everything is working again. You can always check status.brightcart.example for live updates "
            "during incidents.",
            "Hi {first}, we had an outage this morning that's now resolved (details on "
            "status.brightcart.example). Don't worry about the deadline: as the outage stopped you from starting "
            "the return in time, a team lead has approved an extension, so it will be accepted if you create "
            "it within the next 3 days.",
        ],
        order=False,
    ),
    scenario(
        "medium", ["video-doorbell", "notifications"],
        [
            (
                "Doorbell not sending notifications",
                "The {product} records when someone rings, but my phone no longer gets a notification. I "
                "only see it in the history later.",
            ),
            (
                "camera not recording motion",
                "my {product} stopped saving motion clips after the update last week",
            ),
            (
                "Doorbell rings but no alerts on my phone",
                "Hello,\n\nSince last week my {product} no longer alerts me when someone presses the button or "
                "walks up the path. The chime inside the house still works, and the recordings are in the "
                "app's history when I look later, so the doorbell itself seems fine. I missed two deliveries "
                "because of this. I have a Pixel 7 and I haven't changed any settings that I know of, "
                "although the phone did install a system update around the same time.\n\nThanks in "
                "advance,\n{name}",
            ),
        ],
        "Hi {first}, please check that notifications for the Brightcart Home app are allowed in your phone's "
        "settings and that battery saving isn't restricting the app; on Android, set the app to 'Unrestricted'. "
        "In the app, open the device and check Settings > Motion and Notifications are switched on; the latest "
        "firmware update reset these for some customers. If clips still don't appear, restart the device and "
        "update it to the latest firmware.",
        products=["video doorbell", "security camera"], order=False,
    ),
    scenario(
        "medium", ["website", "images-not-loading"],
        [
            ("pictures not loading", "product pictures don't load on the website, just grey boxes"),
            (
                "Website layout broken",
                "On my iPad the website looks broken: buttons overlap and I can't scroll the product page of "
                "the {product}. Safari, iPadOS 16.",
            ),
        ],
        "Hi {first}, thanks for letting us know. Please clear the cache and cookies for brightcart.example "
        "(or try a private window) and make sure your browser is up to date; we support recent versions of "
        "Chrome, Safari, Firefox and Edge. Content blockers can also stop images from loading, so try "
        "pausing them. If it still looks wrong, a screenshot with your device and browser version helps our "
        "engineers reproduce it.",
        products=["", "corner sofa"], order=False,
    ),
    scenario(
        "low", ["voice-assistant", "compatibility"],
        [
            ("works with alexa?", "does the {product} work with alexa"),
            (
                "Linking Google Home",
                "How do I link my Brightcart Home devices to Google Home so I can turn the {product} on by "
                "voice?",
            ),
        ],
        "Hi {first}, yes. Supported voice assistants are listed on each product page. To link them, open the "
        "Brightcart Home app, go to Settings > Voice assistants, choose Alexa or Google Home and sign in with "
        "your Brightcart account. Your devices then appear in the assistant's app with the names you gave them.",
        products=["smart kettle", "smart bulb"], order=False,
    ),
    scenario(
        "medium", ["factory-reset", "setup"],
        [
            (
                "How to factory reset camera",
                "I'm giving my {product} to my son. How do I wipe it and remove it from my account?",
                "low",
            ),
            (
                "new owner cant add device",
                "bought a second hand {product} and the app says it's registered to another account",
            ),
        ],
        "Hi {first}, first remove the device in the Brightcart Home app (Device > Settings > Remove device), "
        "then hold the reset button for 10 seconds until the light blinks amber. For cameras this also deletes "
        "clips stored on the device. The new owner can then add it to their own account. If the previous "
        "owner can't remove it, we can release the device once they confirm by email.",
        products=["security camera", "smart plug"], order=False,
    ),
    scenario(
        "medium", ["smart-watch", "sync"],
        [
            (
                "Watch not syncing steps",
                "My {product} stopped syncing with the app three days ago. The steps on the watch are fine "
                "but the app shows nothing since Sunday.",
            ),
            (
                "fitness tracker won't sync",
                "tracker won't sync anymore, tried restarting it",
            ),
        ],
        "Hi {first}, please make sure Bluetooth is on and that the app is allowed to run in the background. "
        "Then open the app, pull down on the home screen to force a sync, and keep the watch close to the "
        "phone. If that doesn't help, remove the watch in the app, restart both devices and pair it again: "
        "the data stored on the watch syncs once it reconnects.",
        products=["smart watch", ""], order=False,
    ),
    scenario(
        "high", ["firmware", "bricked", "warranty"],
        [
            (
                "Camera dead after firmware update",
                "After last night's automatic update my {product} is stuck with a red light and won't do "
                "anything. Reset doesn't work either. It's 8 months old.",
            ),
            (
                "update bricked my device",
                "your update broke my {product}. it was working yesterday, now nothing. I expect a "
                "replacement.",
            ),
        ],
        "Hi {first}, I'm sorry, that's not how an update should end. As the reset didn't help, the device is "
        "faulty, and it's covered by our 2-year warranty. I've opened a warranty claim for you: we'll send a "
        "replacement, and the return shipping for the faulty unit is free (the label is in your email). The "
        "replacement keeps the remaining warranty of the original, or 6 months, whichever is longer.",
        products=["security camera", "smart speaker"], order=False,
    ),
    scenario(
        "low", ["app", "compatibility"],
        [
            (
                "App not available for my phone",
                "The App Store says your app isn't compatible with my iPhone. It's an older model on iOS 14.",
            ),
            ("app on tablet?", "is there a tablet version of the app?"),
        ],
        [
            "Hi {first}, the app needs iOS 15 or later (or Android 10 or later), so it can't be installed on "
            "iOS 14. Everything in the app, including orders, returns and tracking, works on our website in "
            "your phone's browser.",
            "Hi {first}, yes: the app works on iPads with iPadOS 15 or later and on Android tablets with "
            "Android 10 or later, and it adapts to the larger screen. The website works on tablets too.",
        ],
        order=False,
    ),
    scenario(
        "medium", ["smart-kettle", "app-control"],
        [
            (
                "Kettle schedule not working",
                "I set the {product} to boil at 6:30 every weekday in the app, but it hasn't turned on once. "
                "Manual start from the app works.",
            ),
            (
                "time wrong on device",
                "the schedules on my {product} run an hour late since the clocks changed",
            ),
        ],
        "Hi {first}, schedules use the time zone saved on the device. In the Brightcart Home app open the "
        "device, go to Settings > Time zone and choose your city rather than a fixed UTC offset, so it follows "
        "daylight saving changes. Then save the schedule again. Make sure the device is on the latest "
        "firmware (Settings > Firmware).",
        products=["smart kettle", "smart plug"], order=False,
    ),
    scenario(
        "medium", ["app", "payment-error"],
        [
            (
                "App error when adding card",
                "Adding a new card in the app gives 'Unable to save payment method (code 402)'. The card "
                "works on the website.",
            ),
            (
                "order confirmation page error",
                "app showed an error after paying but the order is in My Orders. is it placed or not",
                "low",
            ),
        ],
        [
            "Hi {first}, thanks for the details. Code 402 appears when the bank declines the zero-amount check "
            "used to verify a new card inside the app. Since the card works on the website, please add it there "
            "under Account > Payment methods; it will then be available in the app too. I've reported the "
            "error to our engineers.",
            "Hi {first}, if it's in My Orders, it's placed: you'll also have a confirmation email. The error "
            "was on the confirmation screen only and didn't affect your order or payment.",
        ],
        order=False,
    ),
]

INTL = [
    intl(
        "de", "medium", ["smart-plug", "wifi", "setup"],
        "Smarte Steckdose verbindet sich nicht mit WLAN",
        "Hallo, ich bekomme die smarte Steckdose nicht ins WLAN. Die App findet sie, aber dann kommt "
        "'Verbindung fehlgeschlagen'. Router ist eine FritzBox.",
        "Hallo {first}, unsere Geräte funktionieren nur im 2,4-GHz-WLAN. Aktivieren Sie in der FritzBox ein "
        "separates 2,4-GHz-Netz oder schalten Sie 5 GHz während der Einrichtung kurz ab. Halten Sie dann die "
        "Reset-Taste 10 Sekunden gedrückt, bis das Licht orange blinkt, und fügen Sie das Gerät erneut hinzu.",
        order=False,
    ),
    intl(
        "es", "medium", ["app-crash"],
        "La app se cierra sola",
        "La aplicación se cierra cada vez que intento ver mis pedidos. Tengo un Xiaomi con Android 12.",
        "Hola {first}, actualiza la app a la última versión y cierra la sesión y vuelve a entrar. Si sigue "
        "pasando, ve a Ajustes > Aplicaciones > Brightcart > Almacenamiento > Borrar caché. Mientras tanto "
        "puedes ver tus pedidos en nuestra web desde el navegador del móvil.",
        order=False,
    ),
    intl(
        "fr", "medium", ["firmware", "update-stuck"],
        "Mise à jour bloquée sur la caméra",
        "Bonjour, la mise à jour du firmware de ma caméra est bloquée à 40 % depuis une heure. Est-ce que "
        "je peux la débrancher sans risque ?",
        "Bonjour {first}, oui : si la mise à jour reste bloquée plus de 20 minutes, débranchez la caméra "
        "pendant 30 secondes, rebranchez-la et relancez la mise à jour depuis Paramètres > Firmware. En cas "
        "d'échec, l'appareil garde son firmware précédent.",
        order=False,
    ),
    intl(
        "pt", "high", ["outage", "website-down"],
        "Site fora do ar",
        "O site e o aplicativo não abrem desde cedo. Aparece erro 503. Vocês estão com problema?",
        "Olá {first}, o erro 503 indica manutenção programada, que já terminou; o site e o aplicativo estão "
        "funcionando normalmente. Durante incidentes você pode acompanhar as atualizações em "
        "status.brightcart.example.",
        order=False,
    ),
]
