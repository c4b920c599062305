"""Baseline for bench/load.py: the barest Streamlit page, text only, with the same two widgets
as the bare map page (a select box and layer pills) and no data behind them."""

import streamlit as st

NAMES = [f"Actor {i:02d}" for i in range(40)]
LAYERS = ["Proxy", "Regional", "Global", "Opponent"]

st.title("Bare page")
choice = st.selectbox("Actor", NAMES, key="choice")
layers = st.pills("Layers", LAYERS, selection_mode="multi", default=LAYERS, key="layers")
st.write(f"Selected: {choice}")
st.write(f"Layers: {len(layers)}")
