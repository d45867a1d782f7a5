from django.dispatch import Signal

# Each is sent inside the transaction of its step, with `directive`.
# Issued (signed): the reports app opens a draft report per unit; the notifications app tells the submitter.
directive_issued = Signal()
# Submitted for signature, with `actor` and `note`: the notifications app tells the issuer's leaders.
directive_submitted = Signal()
# Returned by the leader, with `actor` and `reason`: the notifications app tells whoever submitted it.
directive_returned = Signal()
