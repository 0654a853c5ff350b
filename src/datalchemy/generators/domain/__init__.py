"""``domain.*``: CRM, finance and logistics packs (Brazilian flavour).

Three kinds of generator live here:

- **Label lists** (:class:`~.labels.LabelPick` subclasses, labels in
  ``assets/pt_BR/domain_labels.tsv``): a fixed list of labels picked with realistic
  weights (``uniform: true`` picks them evenly, as the original did). The 12 original IDs keep
  their exact value lists, so they still satisfy the CRM fixture's enums and CHECKs
  (``crm.status_lead``, ``crm.status_fatura``, ``crm.status_tarefa``, ``atividades_tipo_chk``).
  The value space is the number of labels, so a UNIQUE column (``fontes_lead.nome``) gets
  distinct labels by construction.
- **Codes with check digits**: bank agency and account numbers (mod 11), card numbers (Luhn, real
  IIN prefixes), boleto digitable lines (mod 10 fields, mod 11 general digit) and Correios
  tracking codes (UPU S10, weights 8,6,4,2,3,5,9,7). All are built as ASCII digit matrices with
  NumPy; codes with a finite space (cards, tracking codes, agencies, accounts) are unique by
  construction.
- **Quantities**: deal values, installments, parcel weights and dimensions.

Modules: :mod:`.labels` (the label-list base), :mod:`.crm`, :mod:`.finance` (labels, banks,
agencies, accounts, installments), :mod:`.cards`, :mod:`.boleto` and :mod:`.logistics`; check
digits come from :mod:`datalchemy.generators.checkdigits`.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.domain.crm import LeadStage
    >>> ctx = GenContext.for_column(seed=1, table="crm.leads", column="status")
    >>> gen = LeadStage()
    >>> gen.generate(ctx, gen.parse_params(None), np.arange(4)).to_pylist()
    ['novo', 'novo', 'qualificado', 'novo']
"""
