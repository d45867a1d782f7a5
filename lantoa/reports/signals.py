"""What happened to a report, for the apps above that act on it (the notifications app tells people).

Each is sent inside the transaction of its step, with `report` and `actor`; a receiver that mails must
wait for the commit (`transaction.on_commit`), so a step that fails tells nobody anything.
"""

from django.dispatch import Signal

# Submitted or resubmitted, with `resubmission`: the reviewers learn there is a report to check.
report_submitted = Signal()
# Returned with `reason`: the unit learns what to fix.
report_returned = Signal()
# Accepted: the unit learns its report is done.
report_accepted = Signal()
# Reopened after acceptance, with `reason`: the unit learns it must fix and resubmit.
report_reopened = Signal()
