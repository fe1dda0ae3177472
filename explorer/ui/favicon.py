"""The tab icon, drawn here: a Material icon favicon would be fetched from Google's font servers."""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw


@cache
def favicon() -> Image.Image:
    """Three linked nodes in the app's colours."""
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(16, 18), (48, 22), (30, 48)]
    for a, b in [(0, 1), (1, 2), (2, 0)]:
        draw.line([points[a], points[b]], fill=(107, 119, 133, 255), width=4)
    for (x, y), colour in zip(points, ["#4C8EDA", "#F79767", "#57C7E3"], strict=True):
        draw.ellipse([x - 10, y - 10, x + 10, y + 10], fill=colour, outline="white", width=2)
    return image
