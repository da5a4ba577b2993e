"""The fictional demo district, sized like the Daxing report: one module per capability."""
