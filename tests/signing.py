"""Issue a directive the way an office does: the preparer submits it, a leader of the issuer signs it."""

from lantoa.directives.lifecycle import approve_directive, submit_for_signature
from lantoa.directives.models import Directive


def sign_and_issue(directive: Directive, *, preparer, signer) -> Directive:
    submit_for_signature(directive=directive, actor=preparer)
    return approve_directive(directive=directive, actor=signer)
