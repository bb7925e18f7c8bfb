"""The web application (Django). The core packages (criteria, formats, synth) never import it."""
