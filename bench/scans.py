"""Scanned copies of text PDFs, for OCR tests and benchmarks.

Each page is rendered to a greyscale image (200 dpi by default), turned by a
small angle, given a little noise and speckle, and the images are packed
into a new PDF with no text layer: what a document feeder produces. Copies
of contracts we did not write stay in temporary folders, never in the repo.
"""

from __future__ import annotations

import io
import random
from pathlib import Path


def scan_copy(
    pdf: bytes | Path,
    *,
    dpi: int = 200,
    max_angle: float = 0.8,
    noise: float = 6.0,
    speckle: float = 0.0004,
    seed: int = 0,
) -> bytes:
    """An image-only PDF of `pdf`: every page rendered, turned, noised."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    generator = np.random.default_rng(seed)
    source = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else pdf.read_bytes())
    images = []
    try:
        for index in range(len(source)):
            page = source[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            angle = rng.uniform(-max_angle, max_angle)
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            pixels = np.asarray(image, dtype=np.float32)
            pixels += generator.normal(0.0, noise, pixels.shape)
            dots = generator.random(pixels.shape) < speckle
            pixels[dots] = 0.0
            images.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L"))
    finally:
        source.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out.getvalue()
