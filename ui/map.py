"""The Map tab: the collection as a 2-D map of its papers, coloured by theme.

Each point is a paper (:mod:`assistant.paper_map`: its mean chunk embedding, projected);
hovering shows its title, clicking opens its card beside the map. The papers the latest
answer cited (``shared.cited``) are ringed in black. The plot is plotly through
``gr.Plot``, which has no click event of its own: a small script forwards plotly's
``plotly_click`` (the point's ``customdata``, its paper id) to a hidden textbox.
"""

from __future__ import annotations

from typing import Any

import gradio as gr
import plotly.graph_objects as go

from assistant.paper_map import MapCache, PaperMap
from assistant.store import StoreError
from ui.card import build_card
from ui.glyphs import ERROR
from ui.shared import Shared

SVG_MAX = 3000  # points drawn as SVG (clickable DOM nodes); above, WebGL (Scattergl) keeps it fluid
CITED_TRACE = "cited by the latest answer"

# Attach plotly_click on the map's plot (re-attached when Gradio re-creates the plot div).
ATTACH_CLICK = """() => {
  if (window.__paMapObserver) return;
  const attach = () => {
    const plot = document.querySelector('#map-plot .js-plotly-plot');
    if (!plot || plot.__paClick || !plot.on) return;
    plot.__paClick = true;
    plot.on('plotly_click', (ev) => {
      const point = ev && ev.points && ev.points[0];
      const box = document.querySelector('#map-pick textarea, #map-pick input');
      if (!point || !point.customdata || !box) return;
      box.value = point.customdata + '|' + Date.now();
      box.dispatchEvent(new Event('input', {bubbles: true}));
    });
  };
  window.__paMapObserver = new MutationObserver(attach);
  window.__paMapObserver.observe(document.body, {childList: true, subtree: true});
  attach();
}"""


def map_figure(paper_map: PaperMap, cited: list[str]) -> go.Figure:
    """One trace per theme (legend = theme names), plus a ring trace over the cited papers."""
    scatter = go.Scatter if len(paper_map.paper_ids) <= SVG_MAX else go.Scattergl

    def points(rows: list[int], name: str, marker: dict, label: str) -> go.Scatter:
        return scatter(
            x=paper_map.xy[rows, 0],
            y=paper_map.xy[rows, 1],
            mode="markers",
            name=name,
            marker=marker,
            customdata=[paper_map.paper_ids[i] for i in rows],
            text=[paper_map.titles[i] for i in rows],
            hovertemplate="%{text}<extra>" + label.replace("%", "%%") + "</extra>",
        )

    fig = go.Figure()
    for theme, name in enumerate(paper_map.themes):
        rows = [i for i, c in enumerate(paper_map.cluster) if c == theme]
        fig.add_trace(points(rows, name, {"size": 9, "opacity": 0.85}, name))
    rows = [paper_map.index[pid] for pid in cited if pid in paper_map.index]
    if rows:
        ring = {"size": 18, "symbol": "circle-open", "color": "black", "line": {"width": 3}}
        fig.add_trace(points(rows, CITED_TRACE, ring, "cited"))
    fig.update_layout(
        height=620,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.02, "yanchor": "top", "title": {"text": "Themes"}},
        xaxis={"visible": False},
        yaxis={"visible": False},
        clickmode="event",
        plot_bgcolor="white",
    )
    return fig


def map_caption(paper_map: PaperMap, cited: list[str]) -> str:
    method = {"tsne": "t-SNE", "pca": "PCA", "none": "no projection (too few papers)"}[paper_map.method]
    shown = sum(pid in paper_map.index for pid in cited)
    line = (
        f"**{len(paper_map.paper_ids)} papers**, placed by {method} of their embeddings (mean of chunk "
        f"vectors) and coloured by {len(paper_map.themes)} themes (k-means). Hover for a title; click a "
        "point to open its card."
    )
    if shown:
        cited_line = "the paper" if shown == 1 else f"the {shown} papers"  # not "the 1 papers"
        line += f" Ringed in black: {cited_line} the latest answer cited."
    return line


def build_map_tab(shared: Shared) -> gr.Tab:
    """The Map tab (inside the current ``gr.Tabs``)."""
    cache = MapCache(clusters=shared.bot.settings.map_clusters)
    with gr.Tab("Map", id="map", elem_id="map-tab") as tab:
        with gr.Row():
            with gr.Column(scale=3):
                caption = gr.Markdown(elem_id="map-caption")
                plot = gr.Plot(label="The collection", elem_id="map-plot")
                pick = gr.Textbox(visible="hidden", elem_id="map-pick")
            with gr.Column(scale=2):
                card = build_card(shared, "map")

    def draw(cited: list[str] | None) -> tuple[str, Any]:
        try:
            paper_map = cache.get(shared.bot.store)
        except StoreError as exc:
            return f"{ERROR} {exc}", None
        return map_caption(paper_map, cited or []), map_figure(paper_map, cited or [])

    def open_point(picked: str, request: gr.Request) -> tuple[Any, ...]:
        return card.open(picked.split("|", 1)[0] or None, request)

    tab.select(None, js=ATTACH_CLICK)
    tab.select(draw, inputs=shared.cited, outputs=[caption, plot])
    shared.cited.change(draw, inputs=shared.cited, outputs=[caption, plot])
    pick.change(open_point, inputs=pick, outputs=card.open_outputs)  # the value carries a nonce
    card.removed.then(draw, inputs=shared.cited, outputs=[caption, plot])
    return tab
