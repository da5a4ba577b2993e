"""Notarization matters as read: the matters view by office (assisted matters count for both
offices) and stage, the backlog by age band and the missed issuances (漏发) as of a day; the
imported records with the wrong issuances (错发) they show; the assistance arrangements."""
