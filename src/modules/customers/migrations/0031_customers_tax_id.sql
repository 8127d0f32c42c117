-- Company customers are searched by tax id (INN, unified social credit code).
create index customers_tax_id_idx on customers (tax_id) where tax_id is not null;
