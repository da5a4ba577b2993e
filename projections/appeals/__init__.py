"""Appeals as read: the appeals view, by the record appealed against and by status."""
