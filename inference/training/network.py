"""The demo M1 network (MONAI SegResNet, 8 initial filters) and its sliding-window prediction."""
from __future__ import annotations

import numpy as np
import torch


def demo_network() -> torch.nn.Module:
    """4 input channels (T1, T1c, T2, FLAIR) → 4 class logits (background, necrosis, oedema, enhancing)."""
    from monai.networks.nets import SegResNet

    return SegResNet(spatial_dims=3, in_channels=4, out_channels=4, init_filters=8,
                     blocks_down=(1, 2, 2, 4), blocks_up=(1, 1, 1))


def predict_probabilities(net, image: np.ndarray, roi: int = 96, overlap: float = 0.25) -> np.ndarray:
    """Softmax probabilities (4, k, j, i) of a normalised ``image`` (4, k, j, i) by sliding window."""
    from monai.inferers import sliding_window_inference

    with torch.no_grad():
        x = torch.from_numpy(np.ascontiguousarray(image, np.float32))[None]
        logits = sliding_window_inference(x, (roi,) * 3, 1, net, overlap=overlap, mode="gaussian")
        return torch.softmax(logits, 1)[0].numpy()


def predict_labels(net, image: np.ndarray, roi: int = 96) -> np.ndarray:
    return predict_probabilities(net, image, roi).argmax(0).astype(np.uint8)
