"""Report stage: the warehouse → one self-contained HTML page of charts (`edunews report`)."""
