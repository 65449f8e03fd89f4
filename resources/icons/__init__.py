"""SVG icons: the app icon and the line icons of the sidebar (drawn in ``currentColor``)."""
