"""Hand-written ticket texts, one module per category (English scenarios and other languages)."""

from support_app.sample_data.texts import (
    account_issue,
    damaged_product,
    general_inquiry,
    payment_problem,
    product_return,
    refund_request,
    shipping_issue,
    technical_support,
)

BY_CATEGORY = {
    "shipping_issue": shipping_issue,
    "payment_problem": payment_problem,
    "product_return": product_return,
    "technical_support": technical_support,
    "account_issue": account_issue,
    "general_inquiry": general_inquiry,
    "refund_request": refund_request,
    "damaged_product": damaged_product,
}
