"""Sample customers. ``customer@example.com`` is the demo customer account."""

CUSTOMERS: list[dict] = [
    {"email": "customer@example.com", "name": "Casey Customer"},
    {"email": "maria.gonzalez@example.com", "name": "María González"},
    {"email": "james.okafor@example.com", "name": "James Okafor"},
    {"email": "priya.raman@example.com", "name": "Priya Raman"},
    {"email": "tom.hendricks@example.com", "name": "Tom Hendricks"},
    {"email": "sarah.lindqvist@example.com", "name": "Sarah Lindqvist"},
    {"email": "daniel.kim@example.com", "name": "Daniel Kim"},
    {"email": "emily.watson@example.com", "name": "Emily Watson"},
    {"email": "marcus.bell@example.com", "name": "Marcus Bell"},
    {"email": "aisha.mohammed@example.com", "name": "Aisha Mohammed"},
    {"email": "kevin.oconnor@example.com", "name": "Kevin O'Connor"},
    {"email": "linda.park@example.com", "name": "Linda Park"},
    {"email": "robert.chen@example.com", "name": "Robert Chen"},
    {"email": "olivia.martin@example.com", "name": "Olivia Martin"},
    {"email": "ethan.brooks@example.com", "name": "Ethan Brooks"},
    {"email": "grace.adeyemi@example.com", "name": "Grace Adeyemi"},
    {"email": "noah.fischer@example.com", "name": "Noah Fischer"},
    {"email": "hannah.schmidt@example.com", "name": "Hannah Schmidt"},
    {"email": "lukas.weber@example.com", "name": "Lukas Weber"},
    {"email": "carlos.ruiz@example.com", "name": "Carlos Ruiz"},
    {"email": "lucia.fernandez@example.com", "name": "Lucía Fernández"},
    {"email": "camille.dubois@example.com", "name": "Camille Dubois"},
    {"email": "julien.moreau@example.com", "name": "Julien Moreau"},
    {"email": "ana.souza@example.com", "name": "Ana Souza"},
    {"email": "joao.pereira@example.com", "name": "João Pereira"},
    {"email": "mei.tanaka@example.com", "name": "Mei Tanaka"},
    {"email": "ben.carter@example.com", "name": "Ben Carter"},
    {"email": "fatima.rahman@example.com", "name": "Fatima Rahman"},
]

# Customers who write to support in a language other than English.
CUSTOMERS_BY_LANGUAGE: dict[str, list[str]] = {
    "de": ["hannah.schmidt@example.com", "lukas.weber@example.com", "noah.fischer@example.com"],
    "es": ["maria.gonzalez@example.com", "carlos.ruiz@example.com", "lucia.fernandez@example.com"],
    "fr": ["camille.dubois@example.com", "julien.moreau@example.com"],
    "pt": ["ana.souza@example.com", "joao.pereira@example.com"],
}
