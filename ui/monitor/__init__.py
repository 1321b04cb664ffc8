"""The console's Schedules and Monitoring views."""
