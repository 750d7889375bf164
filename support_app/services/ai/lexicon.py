"""Category cue words (en, de, es, fr, pt) and the one way cue lists are matched: whole words
or phrases only (`conta` never fires on "contact"); a term ending in `*` is a stem."""

import re

import numpy as np


def compile_terms(terms: list[str]) -> re.Pattern:
    """One case-insensitive pattern matching any of `terms` on word boundaries."""
    parts = [re.escape(t[:-1]) + r"\w*" if t.endswith("*") else re.escape(t)
             for t in sorted(set(terms), key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


# Multilingual cue words per category (en, de, es, fr, pt): domain knowledge that carries across
# languages where the labelled history is thin.
LEXICON = {
    "payment_problem": [
        "payment method", "pay with", "pay by", "paypal", "declined", "checkout",
        "payment*", "billing", "invoice*", "charged", "charge", "card", "bill", "paid", "transaction",
        "rechnung*", "zahlung*", "abrechnung*", "abgebucht", "bezahlt", "gebühr", "kreditkarte*", "lastschrift",
        "überweisung", "factura", "facturación", "pago", "cobro", "cargo", "tarjeta", "cobrado",
        "facture", "facturation", "paiement", "prélèvement", "carte", "débité",
        "fatura", "faturamento", "pagamento", "cobrança", "cartão"],
    "product_return": [
        "returning", "returned", "return label", "exchange it",
        "return", "exchange", "send back", "replacement", "rma",
        "rücksendung*", "umtausch*", "zurückgeben", "zurücksenden", "rückgabe", "austausch", "retoure*",
        "devolución", "devolver", "cambio", "reemplazo", "retour", "échange", "renvoyer", "remplacement",
        "devolução", "troca", "substituição"],
    "technical_support": [
        "app", "crashes", "won't load", "doesn't work", "firmware", "pairing", "bluetooth", "wifi",
        "error*", "crash*", "bug", "not working", "outage", "server", "install*", "update", "integration",
        "software", "fehler*", "absturz", "funktioniert nicht", "störung*", "ausfall*", "installation*",
        "aktualisierung*", "fallo", "no funciona", "caída", "servidor", "instalación", "actualización",
        "erreur", "panne", "ne fonctionne pas", "plantage", "serveur", "mise à jour",
        "erro", "falha", "não funciona", "instalação", "atualização"],
    "general_inquiry": [
        "customer service", "customer support", "human", "agent", "representative", "speak to", "talk to",
        "contact", "phone number", "opening hours", "newsletter", "subscribe", "unsubscribe", "operator",
        "information", "inquiry", "question", "pricing", "availability", "interested", "details", "quote",
        "demo", "anfrage", "informationen", "frage", "verfügbarkeit", "interesse", "angebot", "preise",
        "consulta", "información", "pregunta", "disponibilidad", "interés", "precios", "cotización",
        "demande", "renseignements", "disponibilité", "intéressé", "tarifs", "devis",
        "informação", "informações", "pergunta", "disponibilidade", "preços", "orçamento"],
    "shipping_issue": [
        "deliver*", "ship*", "shipped", "track*", "dispatch*", "courier", "shipping address", "postcode",
        "delivery", "shipping", "shipment", "tracking", "package", "parcel", "courier", "arrived", "address",
        "lieferung*", "versand*", "sendung*", "paket*", "zustellung", "lieferadresse", "angekommen",
        "entrega", "envío", "paquete", "seguimiento", "dirección", "envio", "pacote", "rastreamento",
        "endereço", "livraison", "expédition", "colis", "suivi", "adresse"],
    "account_issue": [
        "sign up", "signup", "sign-up", "regist*", "my profile", "log into", "logged out", "reset my password",
        "email address", "user name", "switch account", "delete my account", "create an account", "open an account",
        "account*", "password*", "log in", "login", "sign in", "profile", "username", "register",
        "registration", "konto*", "passwort*", "anmelden", "anmeldung", "registrierung", "benutzerkonto",
        "cuenta", "contraseña", "iniciar sesión", "registro", "compte", "mot de passe", "connexion",
        "inscription", "conta", "senha", "cadastro"],
    "refund_request": [
        "refund policy", "refunds", "refunded", "reimburs*", "money returned", "get my money",
        "refund*", "money back", "reimburse", "reimbursement", "rückerstattung*", "erstattung*", "geld zurück",
        "reembolso", "remboursement", "rembourser"],
    "damaged_product": [
        "damaged", "broken", "cracked", "defective", "smashed", "dented", "shattered", "scratched",
        "beschädigt*", "kaputt", "defekt*", "zerbrochen", "dañado", "roto", "defectuoso", "endommagé",
        "cassé", "défectueux", "danificado", "quebrado", "defeituoso"],
}
LEXICON_CATEGORIES = list(LEXICON)
_LEXICON_PATTERNS = {c: compile_terms(words) for c, words in LEXICON.items()}


def lexicon_matches(text: str) -> dict[str, list[str]]:
    return {c: [m.group(0).lower() for m in p.finditer(text or "")] for c, p in _LEXICON_PATTERNS.items()}


def lexicon_vector(text: str) -> np.ndarray:
    matches = lexicon_matches(text)
    return np.log1p(np.array([len(matches[c]) for c in LEXICON_CATEGORIES], dtype=np.float32))
