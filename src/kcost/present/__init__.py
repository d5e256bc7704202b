"""The presentation side: formats, sentences, fixed content, frames, charts and the handout. Reads the model; never imports Streamlit."""
