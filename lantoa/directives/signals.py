from django.dispatch import Signal

# Sent inside the issuing transaction with `directive`; the reports app opens a draft report per unit.
directive_issued = Signal()
