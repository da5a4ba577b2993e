"""Sanction cases (行政处罚): stages from opening to closing, the authority matrix, statutory
ranges, repeat-offence escalation, the notice and the hearing right, four eyes, publication."""
