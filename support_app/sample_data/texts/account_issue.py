"""Accounts: create, edit, switch and delete accounts, password recovery, 2FA, registration, takeovers."""

from support_app.sample_data._scenario import intl, scenario

SCENARIOS = [
    scenario(
        "high", ["password-reset", "locked-out"],
        [
            ("cant log in", "cant log in. forgot password"),
            (
                "Password reset email never arrives",
                "I've clicked 'Forgot password' four times now. No email, not in spam either. I've got an "
                "order in progress and I can't even see it. Please help.",
            ),
            (
                "Locked out after changing phones",
                "Hello,\n\nI got a new phone at the weekend and since then I can't get into my Brightcart "
                "account. The app asks for my password, which I never knew because the old phone filled it "
                "in automatically. I clicked 'Forgot password' and got the email, but by the time I opened "
                "it on my laptop it said the link had expired, and the second email hasn't come at all. I've "
                "got a return to start before Friday. Could you help me get back in?\n\nThank you,\n{name}",
            ),
        ],
        [
            "Hi {first}, use 'Forgot password?' on the sign-in page with the email address of your account, and "
            "open the link within 60 minutes; only the most recent link works. If no email arrives, check spam "
            "and make sure you're using the address you signed up with. After 5 failed sign-in attempts within "
            "5 minutes, sign-in pauses for 5 minutes, so reset the password rather than guessing.",
            "Hi {first}, sorry for the trouble. I checked, and your account was registered with a slightly "
            "different address (with a dot between first and last name), which is why the emails didn't arrive. "
            "I've sent a fresh reset link there; it's valid for 60 minutes and only the most recent link works. "
            "After 5 failed sign-in attempts within 5 minutes, sign-in pauses for 5 minutes, so wait a moment "
            "if you see that message.",
            "Hi {first}, reset links are valid for 60 minutes and only the most recent one works, so the first "
            "link stopped working once you requested the second. I've sent you a new one just now: open it on "
            "the device where you want to sign in and choose a new password. Once you're in, you can start the "
            "return in My Orders as usual.",
        ],
        order=False,
    ),
    scenario(
        "medium", ["create-account", "registration"],
        [
            ("how do i create an account", "how do I make an account? i've only ever ordered as a guest"),
            (
                "Registration error: email already in use",
                "I'm trying to sign up but it says my email is already in use. I've never created an "
                "account with you as far as I know!",
            ),
        ],
        [
            "Hi {first}, select 'Sign up' and use your email address, or continue with Apple or Google. "
            "Confirm your address from the verification email (valid for 24 hours). If you use the same email "
            "you ordered with as a guest, your past orders appear in your new account automatically.",
            "Hi {first}, that message means an account already exists for that address, often created "
            "automatically when signing in with Apple or Google, or by an earlier sign-up. Use 'Forgot "
            "password?' with the same email to set a password and get in, or sign in with the Apple or Google "
            "button if you used one before.",
        ],
        order=False,
    ),
    scenario(
        "low", ["verification-email", "registration"],
        [
            ("verification link expired", "the link to verify my email says expired"),
            (
                "No verification email",
                "Signed up an hour ago and the confirmation email hasn't come. I can't place an order "
                "without verifying?",
                "medium",
            ),
        ],
        "Hi {first}, verification links are valid for 24 hours. On the sign-in page choose 'Resend "
        "verification email' and use the newest link. If nothing arrives within 10 minutes, please check spam "
        "and promotions folders and add noreply@brightcart.example to your contacts. You can also check out "
        "as a guest meanwhile; the order will be linked to your account once it's verified.",
        order=False,
    ),
    scenario(
        "medium", ["delete-account", "privacy"],
        [
            ("delete my account", "please delete my account and all my data"),
            (
                "Close my account",
                "Hello, I'd like to close my Brightcart account. I don't shop online much anymore and I "
                "want my details removed. What happens to my order history and the $12 store credit I "
                "still have?",
            ),
            (
                "Request to delete my account and personal data",
                "Hello,\n\nI would like to delete my Brightcart account and all personal information you hold "
                "about me. I'm moving abroad and closing accounts I no longer need. I have one return in "
                "progress for a jacket, which I posted two days ago; I'd like to make sure the refund still "
                "reaches me. Please confirm what will be deleted, what you are obliged to keep, and how long "
                "the whole process takes. I'd also like confirmation once it's done.\n\nKind regards,\n{name}",
            ),
        ],
        "Hi {first}, you can delete your account under Account > Privacy > Delete my account and confirm from "
        "the email we send. Open orders and returns must be finished first. Deletion is completed within 30 "
        "days: your profile, addresses, saved cards and marketing preferences are removed, while order and "
        "invoice records are kept for 7 years as tax law requires. Unused store credit and gift card balances "
        "are lost, so it's worth spending them first. If you change your mind, sign in within 7 days to "
        "cancel the request.",
        order=False,
    ),
    scenario(
        "medium", ["edit-account", "email-change"],
        [
            ("change email on account", "how do i change the email address on my account"),
            (
                "Update my name and phone number",
                "I got married and would like my account to show my new surname, and I have a new phone "
                "number too. Can you update them or do I do it myself?",
                "low",
            ),
        ],
        "Hi {first}, you can do this yourself under Account > Profile: edit your name, phone number and email "
        "address there. A new email address only takes effect after you click the confirmation link we send "
        "to it, and from then on you sign in with the new address. Saved delivery addresses are under Account "
        "> Addresses.",
        order=False,
    ),
    scenario(
        "medium", ["switch-account", "merge-accounts"],
        [
            (
                "switch account",
                "how do I switch to my other account on the app? I have a work one and a personal one",
            ),
            (
                "Merge two accounts",
                "I accidentally created two accounts, one with Gmail and one with my work email. My order "
                "history is split between them. Can you merge them into one?",
            ),
        ],
        "Hi {first}, the app and website are signed in to one account at a time: choose Sign out under "
        "Account and sign in with the other one. We aren't able to merge accounts, so order history stays "
        "with the account each order was placed from. If you don't need one of them anymore, you can delete "
        "it under Account > Privacy once its open orders and returns are finished.",
        order=False,
    ),
    scenario(
        "high", ["2fa", "lost-phone"],
        [
            (
                "Lost phone, can't get 2FA code",
                "My phone was stolen and I use an authenticator app for the Brightcart 2FA. I don't have "
                "the backup codes. How do I get back in?",
            ),
            (
                "2fa sms not arriving",
                "not getting the SMS code to log in, changed my number last month",
            ),
        ],
        "Hi {first}, we can help. To protect your account we need to verify it's you: please reply with your "
        "full name, a recent order number and the last four digits of the card used for it. Once verified "
        "(within 1 business day), we'll remove two-factor authentication so you can sign in and set it up "
        "again on your new phone. Please save the 10 backup codes this time, as each one lets you in once.",
        order=False,
    ),
    scenario(
        "urgent", ["account-takeover", "security"],
        [
            (
                "Someone hacked my account",
                "I got an email that my password and email address were changed. I didn't do this! Now I "
                "can't sign in and there's a saved card on that account.",
            ),
            (
                "Strange orders and address on my account",
                "There's a new delivery address in another state on my account and an order {order} I "
                "didn't place. I think someone has my password. Please lock it.",
            ),
            (
                "I think my account was compromised",
                "Hi,\n\nThis morning I received an email saying my password had been changed. I didn't change "
                "it. When I tried to sign in my usual password didn't work, so I used 'Forgot password' and "
                "got back in. There's now a gift card order for $300 that I didn't place, going to an email "
                "address I don't recognise, and my saved Visa card was used to pay. I've already called my "
                "bank, who froze the card. Please make sure nothing else can be ordered on my account and "
                "that I get that money back.\n\n{name}",
            ),
        ],
        "Hi {first}, thank you for reporting this so quickly. I've locked the account, signed out every "
        "session and made sure the email address on it is yours again. Any unshipped orders you didn't "
        "place have been cancelled, "
        "and fraudulent orders will be refunded in full to the original payment method. I've sent you a "
        "password reset link: please choose a password you don't use anywhere else and turn on two-factor "
        "authentication. This case has been passed to our team lead, and please also let your bank know.",
        order=False,
    ),
    scenario(
        "high", ["locked-out", "too-many-attempts"],
        [
            (
                "Account locked",
                "It says 'too many attempts, try again later'. How long is later?? I need to check my order.",
            ),
            (
                "locked out of my account",
                "i think i locked myself out, typed the wrong password a bunch of times on my phone",
                "medium",
            ),
        ],
        "Hi {first}, after 5 failed sign-in attempts within 5 minutes, sign-in pauses for 5 minutes to "
        "protect your account, and then it unlocks on its own. If you're unsure of the password, use 'Forgot "
        "password?' instead of guessing; the reset link is valid for 60 minutes. Your order can also be "
        "tracked via 'Track an order' in the footer with the order number and email.",
        order=False,
    ),
    scenario(
        "medium", ["social-login"],
        [
            (
                "Signed up with Apple, no password",
                "I signed up with 'Sign in with Apple' on my iPhone. Now I'm on my Windows laptop and it "
                "wants a password I never set.",
            ),
            (
                "google login not working",
                "continue with google just takes me back to the login page",
            ),
        ],
        [
            "Hi {first}, you can use the 'Continue with Apple' button on the website too; it works in any "
            "browser with your Apple ID. If you'd rather have a normal password, use 'Forgot password?' with "
            "the email linked to your Apple ID (it may be a private relay address ending in "
            "privaterelay.appleid.com) and set one.",
            "Hi {first}, this usually happens when the browser blocks third-party cookies during the Google "
            "sign-in. Please allow cookies for brightcart.example or try a private window. If it still loops, "
            "use 'Forgot password?' with your Gmail address to set a password and sign in that way.",
        ],
        order=False,
    ),
    scenario(
        "medium", ["guest-orders", "order-history"],
        [
            (
                "Old orders missing from account",
                "I just created an account, but my order from March isn't showing in My Orders. I ordered as "
                "a guest back then.",
            ),
            (
                "link guest order to account",
                "can you add my guest order {order} to my account? different email though",
            ),
        ],
        [
            "Hi {first}, guest orders are linked automatically when the account uses the same email address. "
            "Your March order was placed with a different address, so it can't be linked, but you can still "
            "track it and return items with 'Track an order' and the returns portal using that email.",
            "Hi {first}, guest orders can only be linked to an account with the same email address, so I'm not "
            "able to move {order} across. You can still track it and return items through the returns portal "
            "with the order number and the email it was placed with.",
        ],
        order=False,
    ),
    scenario(
        "low", ["privacy", "data-export"],
        [
            ("download my data", "can I get a copy of all the data you have about me"),
            (
                "What data do you store?",
                "Out of curiosity and for privacy reasons, what do you keep about me, and do you sell it to "
                "advertisers?",
            ),
        ],
        "Hi {first}, you can request a copy of your data under Account > Privacy > Download my data, and we "
        "provide it within 30 days. We store your account details, orders, returns, support conversations "
        "and payment tokens (never full card numbers), and we do not sell personal data. Full details are in "
        "our Privacy and data policy; privacy@brightcart.example answers questions within 5 business days.",
        order=False,
    ),
    scenario(
        "medium", ["app-logout", "session"],
        [
            (
                "App keeps logging me out",
                "Every time I open the app I'm signed out and have to log in again. Really annoying.",
            ),
            (
                "signed out everywhere??",
                "I was suddenly logged out on my laptop and phone at the same time. did something happen to "
                "my account",
                "high",
            ),
        ],
        [
            "Hi {first}, please update the app to the latest version and check that your phone's date and time "
            "are set automatically; a wrong clock makes sign-in sessions expire immediately. If it still "
            "happens, sign out, clear the app cache (or reinstall on iOS) and sign in again.",
            "Hi {first}, I checked: there was no suspicious activity and no password change on your account. "
            "You were signed out because of a security update on our side that ended all sessions. You can "
            "review active devices under Account > Security > Devices, and we recommend turning on two-factor "
            "authentication.",
        ],
        order=False,
    ),
    scenario(
        "high", ["email-access", "locked-out"],
        [
            (
                "No longer have access to my email",
                "My old work email is gone since I left the company, and it's the one on my Brightcart "
                "account. I can't reset the password. How can I update it?",
            ),
            (
                "cant reset password old email",
                "password reset goes to an email i cant access anymore. help",
                "medium",
            ),
        ],
        "Hi {first}, we can update the email for you after verifying your identity. Please reply with your "
        "full name, a recent order number and the last four digits of the card used for it. Once verified "
        "(within 1 business day), we'll change the email address on the account and send a password reset "
        "link to the new one.",
        order=False,
    ),
    scenario(
        "low", ["security", "phishing"],
        [
            (
                "Is this email from you?",
                "I received an email saying my Brightcart account will be suspended unless I confirm my card "
                "details through a link. It looks a bit off. Is it real?",
                "medium",
            ),
            (
                "suspicious text message",
                "got a text saying my parcel is held and I need to pay $2.99 customs fee via a link. from you?",
            ),
        ],
        "Hi {first}, thanks for checking; that message isn't from us. Brightcart never asks for your password, "
        "full card number or 2FA codes by email, text, chat or phone, and we never ask for payment through a "
        "link in a text. Please don't click it, and forward it to security@brightcart.example. If you already "
        "entered details, change your password, turn on two-factor authentication and contact your bank.",
        order=False,
    ),
    scenario(
        "medium", ["edit-account", "saved-cards"],
        [
            ("remove saved card", "how do i remove an old card from my account"),
            (
                "Can't delete a saved address",
                "I'm trying to delete my old address from the account but the bin icon does nothing. It's "
                "still the default.",
                "low",
            ),
        ],
        [
            "Hi {first}, go to Account > Payment methods and choose 'Remove' next to the card. Cards used for "
            "an active subscription have to be replaced in Account > Subscriptions first.",
            "Hi {first}, the default address can't be deleted directly. Set another address as the default "
            "under Account > Addresses first, and then the bin icon will remove the old one. Orders already "
            "placed keep the address they were placed with.",
        ],
        order=False,
    ),
]

INTL = [
    intl(
        "de", "high", ["password-reset", "locked-out"],
        "Passwort vergessen - kein E-Mail-Link",
        "Hallo, ich komme nicht mehr in mein Konto. Ich habe 'Passwort vergessen' geklickt, aber die "
        "E-Mail kommt nicht an. Auch nicht im Spam-Ordner.",
        "Hallo {first}, der Link zum Zurücksetzen ist 60 Minuten gültig, und nur der neueste funktioniert. "
        "Ihr Konto ist mit einer anderen Adresse registriert als der, die Sie eingegeben haben; ich habe den "
        "Link an diese Adresse geschickt. Nach 5 Fehlversuchen innerhalb von 5 Minuten wird die Anmeldung "
        "für 5 Minuten pausiert.",
        order=False,
    ),
    intl(
        "es", "medium", ["delete-account"],
        "Eliminar mi cuenta",
        "Hola, quiero borrar mi cuenta y mis datos personales. ¿Cómo se hace?",
        "Hola {first}, puedes eliminar tu cuenta en Cuenta > Privacidad > Eliminar mi cuenta y confirmarlo "
        "desde el correo que te enviamos. La eliminación se completa en 30 días. Los registros de pedidos y "
        "facturas se conservan 7 años por obligación fiscal, y el saldo de crédito o tarjetas regalo no "
        "usado se pierde.",
        order=False,
    ),
    intl(
        "fr", "urgent", ["account-takeover"],
        "Compte piraté",
        "Bonjour, quelqu'un a modifié l'adresse e-mail de mon compte et passé une commande que je n'ai pas "
        "faite. Je ne peux plus me connecter. Aidez-moi s'il vous plaît !",
        "Bonjour {first}, merci de nous avoir prévenus rapidement. J'ai bloqué le compte, déconnecté toutes "
        "les sessions et rétabli votre adresse e-mail. La commande non expédiée a été annulée et sera "
        "remboursée intégralement. Je vous ai envoyé un lien pour choisir un nouveau mot de passe ; activez "
        "ensuite l'authentification à deux facteurs et prévenez votre banque.",
        order=False,
    ),
    intl(
        "pt", "medium", ["create-account", "registration"],
        "Não consigo criar conta",
        "Oi, tento me cadastrar mas aparece 'e-mail já está em uso'. Nunca criei conta antes!",
        "Oi {first}! Essa mensagem significa que já existe uma conta com esse e-mail, muitas vezes criada "
        "ao entrar com Apple ou Google. Use 'Esqueceu a senha?' com o mesmo e-mail para definir uma senha, "
        "ou entre com o botão da Apple ou do Google.",
        order=False,
    ),
]
