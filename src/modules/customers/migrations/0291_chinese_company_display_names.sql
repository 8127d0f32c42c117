-- A Chinese company's name ends in its legal form, without a space (上海西湖物流有限公司), as
-- derived-fields.ts displayName writes it since 2026-12-07; before, every company was written
-- form first with a space (有限公司 上海西湖物流), which is right for Russian (ООО Ромашка) only.
-- Rows written by the old rule are rewritten here, so the list does not mix the two orders; a
-- name typed by hand into display_name some other way is left alone. Only the shown name
-- depends on the order (the sort key and the search words read the parts).
update customers
   set display_name = company_name || legal_form
 where kind = 'company'
   and display_name = legal_form || ' ' || company_name
   and (company_name || legal_form) ~ '[\u3400-\u9fff\uf900-\ufaff]';
