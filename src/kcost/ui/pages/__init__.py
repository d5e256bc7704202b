"""Page scripts run by st.navigation (one thin script per page, so AppTest can switch to them)."""
