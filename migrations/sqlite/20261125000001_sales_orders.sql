-- Sales orders: the order and its lines (with shipped and invoiced quantities), shipments per
-- line, units on opportunity lines (copied into orders), and the paper size of printed documents.
-- Keep in step with ../postgres/. Money is integer minor units; quantities are exact decimal TEXT.
ALTER TABLE opportunity_lines ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE company_settings ADD COLUMN paper_size TEXT NOT NULL DEFAULT 'A4';

CREATE TABLE sales_orders (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    contact_id BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    opportunity_id BIGINT REFERENCES opportunities (id),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'confirmed', 'on_hold', 'partially_fulfilled', 'fulfilled',
        'closed', 'cancelled')),
    invoicing_status TEXT NOT NULL CHECK (invoicing_status IN ('not_invoiced', 'partially_invoiced',
        'fully_invoiced')),
    currency TEXT NOT NULL,
    order_date TEXT NOT NULL,
    expected_delivery_date TEXT,
    payment_terms_days BIGINT NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 365),
    billing_address TEXT NOT NULL,
    shipping_address TEXT NOT NULL,
    customer_reference TEXT NOT NULL,
    notes TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    tax_total_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sales_orders_account ON sales_orders (account_id, id);
CREATE INDEX sales_orders_owner ON sales_orders (owner_id, id);
CREATE INDEX sales_orders_status ON sales_orders (status, id);
CREATE INDEX sales_orders_date ON sales_orders (order_date, id);
CREATE INDEX sales_orders_opportunity ON sales_orders (opportunity_id, id);

CREATE TABLE sales_order_lines (
    id INTEGER PRIMARY KEY,
    sales_order_id BIGINT NOT NULL REFERENCES sales_orders (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    product_id BIGINT REFERENCES products (id),
    description TEXT NOT NULL,
    quantity TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    discount_percent TEXT NOT NULL,
    tax_rate_id BIGINT REFERENCES tax_rates (id),
    tax_rate_percent TEXT NOT NULL,
    net_minor BIGINT NOT NULL,
    tax_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    shipped_quantity TEXT NOT NULL DEFAULT '0',
    invoiced_quantity TEXT NOT NULL DEFAULT '0'
);
CREATE INDEX sales_order_lines_order ON sales_order_lines (sales_order_id, position);

CREATE TABLE shipments (
    id INTEGER PRIMARY KEY,
    sales_order_id BIGINT NOT NULL REFERENCES sales_orders (id),
    seq BIGINT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    ship_date TEXT NOT NULL,
    carrier TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('shipped', 'cancelled')),
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    UNIQUE (sales_order_id, seq)
);

CREATE TABLE shipment_lines (
    id INTEGER PRIMARY KEY,
    shipment_id BIGINT NOT NULL REFERENCES shipments (id),
    sales_order_line_id BIGINT NOT NULL REFERENCES sales_order_lines (id),
    quantity TEXT NOT NULL
);
CREATE INDEX shipment_lines_shipment ON shipment_lines (shipment_id);
CREATE INDEX shipment_lines_line ON shipment_lines (sales_order_line_id);
