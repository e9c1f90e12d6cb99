"""A trained generator as plain settings and numpy arrays, and back: the torch side of
a saved sampler (``_saving`` holds the schema around it and checks every field before
:func:`generator_from_state` builds a module)."""

import numpy as np
import torch

from .networks import Generator, OutputLayout
from .starts import CopulaStart, InterpolationStart


def generator_state(netG):
    """A trained generator as plain Python settings and numpy arrays (for pickle,
    joblib and skops alike); :func:`generator_from_state` rebuilds it."""
    settings = {
        "latent_dim": netG.latent_dim,
        "n_classes": netG.n_conditions,  # the file's name for the number of conditions
        "hidden_sizes": list(netG.hidden_sizes),
        "n_outputs": netG.layout.n_outputs,
        "discrete_blocks": [list(block) for block in netG.layout.discrete_blocks],
        "start": "copula" if isinstance(netG.start, CopulaStart) else "interpolation",
        "tau": netG.tau,
        "device": str(netG.device),
    }
    arrays = {name: t.detach().cpu().numpy() for name, t in netG.state_dict().items()}
    return {"settings": settings, "arrays": arrays}


def generator_from_state(state):
    """The generator saved by :func:`generator_state`, in eval mode, on its device
    when that device is available here and on the CPU otherwise.

    The layout and the start are rebuilt from the settings and the start's own data
    (rows, neighbours, classes; or the copula), never from the buffers the file
    derived from them: those must equal the rebuilt ones, and a ``ValueError`` names
    the first that does not. ``_saving.fields.check_generator`` has checked every shape
    and range.
    """
    settings, arrays = state["settings"], state["arrays"]
    device = torch.device(settings["device"])
    if device.type == "cuda" and not torch.cuda.is_available():
        device = torch.device("cpu")
    cpu = torch.device("cpu")
    blocks = [tuple(block) for block in settings["discrete_blocks"]]
    n_outputs, n_classes = settings["n_outputs"], settings["n_classes"]
    layout = OutputLayout(n_outputs, blocks, cpu)
    tensors = {name: torch.from_numpy(np.array(a)) for name, a in arrays.items()}
    # files written before carried columns existed hold none
    carried = tensors.get("start.carried")
    if settings["start"] == "copula":
        start = CopulaStart(layout, tensors["start.logits"], tensors["start.mixing"], carried,
                            tensors.get("start.carried_groups"), n_classes)
        learned = {"start.logits", "start.mixing", "start.carried", "start.carried_groups"}
    else:
        groups = tensors["start.groups"]
        start = InterpolationStart(
            layout, [tensors["start.rows"]], [tensors["start.neighbours"]],
            [tensors["start.n_neighbours"]], [None if n_classes == 0 else groups],
            n_classes, blocks, None if carried is None else [carried],
        )
        learned = {"start.rows", "start.neighbours", "start.n_neighbours", "start.groups",
                   "start.carried"}
    netG = Generator(
        settings["latent_dim"], n_classes, settings["hidden_sizes"], layout, start,
        rngs=None, device=cpu, tau=settings["tau"],
    )
    rebuilt = netG.state_dict()
    for name, tensor in tensors.items():
        if name in learned or name.startswith("body."):
            continue
        if tensor.shape != rebuilt[name].shape or not torch.equal(tensor, rebuilt[name]):
            raise ValueError(
                f"Invalid saved GANOverSampler state: generator array {name!r} does not "
                "match the layout and start it is derived from."
            )
    netG.load_state_dict({**rebuilt, **{n: t for n, t in tensors.items() if n.startswith("body.")}})
    return netG.to(device).eval()
