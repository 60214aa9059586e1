"""edunews: collect and analyse Chinese news about AI in education."""
