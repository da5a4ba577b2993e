"""Case-file reviews as read: the reviews view by subject, and the results of the files reviewed
in a period."""
