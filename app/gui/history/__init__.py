"""The History & Insights section: listening per month per service, top lists, overlap."""
