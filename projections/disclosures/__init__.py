"""The public disclosure register (一公开): published inspection results and sanction
decisions as they stood on a day."""
