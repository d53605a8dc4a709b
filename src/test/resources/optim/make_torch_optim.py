#!/usr/bin/env python3
"""Reference numbers for org.rnnlm4j.train.optim from torch.optim (PyTorch 1.13, CPU, float32).

Writes torch_optim.json next to this script. Regenerate with
    python3 make_torch_optim.py
The tests read the JSON only; they never need Python.

Each optimizer case runs 5 steps on two float32 parameters "a" (2,3) and "b" (4,) with fixed
gradients and a learning rate that changes every step (as a schedule would). Floats are written
as the exact decimal of the float32 value (Python repr of float(x)).
"""
import json
import os

import torch

torch.manual_seed(1234)
STEPS = 5


def f32(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def make_grads():
    grads = []
    for s in range(STEPS):
        a = torch.randn(2, 3) * (0.5 + s)
        b = torch.randn(4) * 0.1
        a[0, 1] = 0.0          # a zero gradient: Adam's sign(0) case
        b[2] = 3.0 - s         # a large one that changes sign
        grads.append({"a": a, "b": b})
    return grads


def build(name, cfg, params):
    wd = cfg["weight_decay"]
    if name in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(params, lr=1.0, momentum=cfg["momentum"], nesterov=cfg["nesterov"], weight_decay=wd)
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=1.0, eps=cfg["eps"], weight_decay=wd)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=1.0, alpha=cfg["alpha"], eps=cfg["eps"], momentum=cfg["momentum"], weight_decay=wd)
    if name == "adam":
        return torch.optim.Adam(params, lr=1.0, betas=(cfg["beta1"], cfg["beta2"]), eps=cfg["eps"], weight_decay=wd)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=1.0, betas=(cfg["beta1"], cfg["beta2"]), eps=cfg["eps"], weight_decay=wd)
    raise ValueError(name)


def config(name, **kw):
    c = dict(name=name, momentum=0.0, nesterov=False, weight_decay=0.0, beta1=0.9, beta2=0.999,
             eps=1e-10 if name == "adagrad" else 1e-8, alpha=0.99)
    if name in ("momentum", "nesterov"):
        c["momentum"] = 0.9
        c["nesterov"] = name == "nesterov"
    if name == "adamw":
        c["weight_decay"] = 0.01
    c.update(kw)
    return c


CASES = [
    ("sgd", config("sgd"), 0.1),
    ("sgd_wd", config("sgd", weight_decay=0.01), 0.1),
    ("momentum", config("momentum"), 0.05),
    ("momentum_wd", config("momentum", momentum=0.5, weight_decay=0.1), 0.05),
    ("nesterov_wd", config("nesterov", weight_decay=0.001), 0.05),
    ("adagrad", config("adagrad"), 0.1),
    ("adagrad_wd", config("adagrad", weight_decay=0.01), 0.1),
    ("rmsprop", config("rmsprop"), 0.01),
    ("rmsprop_momentum_wd", config("rmsprop", momentum=0.5, weight_decay=0.01, alpha=0.9), 0.01),
    ("adam", config("adam"), 0.01),
    ("adam_wd", config("adam", weight_decay=0.1, beta1=0.8, beta2=0.99, eps=1e-6), 0.01),
    ("adamw", config("adamw"), 0.01),
    ("adamw_wd", config("adamw", weight_decay=0.1), 0.05),
]


def optimizer_cases():
    init = {"a": torch.randn(2, 3), "b": torch.randn(4)}
    grads = make_grads()
    out = []
    for label, cfg, lr0 in CASES:
        params = {k: torch.nn.Parameter(v.clone()) for k, v in init.items()}
        opt = build(cfg["name"], cfg, list(params.values()))
        lrs, after = [], []
        for s in range(STEPS):
            lr = lr0 * (1.0 - 0.1 * s)
            for group in opt.param_groups:
                group["lr"] = lr
            for k, p in params.items():
                p.grad = grads[s][k].clone()
            opt.step()
            lrs.append(lr)
            after.append({k: f32(p) for k, p in params.items()})
        out.append({"label": label, "config": cfg, "lrs": lrs,
                    "init": {k: {"shape": list(v.shape), "data": f32(v)} for k, v in init.items()},
                    "grads": [{k: f32(v) for k, v in g.items()} for g in grads],
                    "after": after})
    return out


def clip_cases():
    out = []
    for max_norm in (0.5, 100.0):
        a = torch.randn(3, 2) * 2
        b = torch.randn(5)
        pa, pb = torch.nn.Parameter(torch.zeros(3, 2)), torch.nn.Parameter(torch.zeros(5))
        pa.grad, pb.grad = a.clone(), b.clone()
        norm = torch.nn.utils.clip_grad_norm_([pa, pb], max_norm)
        out.append({"max_norm": max_norm, "a": f32(a), "b": f32(b), "norm": float(norm),
                    "a_after": f32(pa.grad), "b_after": f32(pb.grad)})
    return out


def plateau_cases():
    losses = [5.0, 4.0, 4.5, 3.9, 3.95, 3.88, 3.87, 3.9, 4.0, 3.5]
    out = []
    for factor, min_delta, patience in ((4.0, 0.0, 0), (2.0, 0.05, 1)):
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=1.0)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=1.0 / factor, patience=patience,
                                                           threshold=min_delta, threshold_mode="abs")
        lrs = []
        for loss in losses:
            sched.step(loss)
            lrs.append(opt.param_groups[0]["lr"])
        out.append({"factor": factor, "min_delta": min_delta, "patience": patience, "losses": losses, "lrs": lrs})
    return out


def step_lr_case():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    lrs = []
    for epoch in range(7):
        lrs.append(opt.param_groups[0]["lr"])   # the rate used during this epoch
        opt.step()
        sched.step()
    return {"base": 0.3, "every": 2, "gamma": 0.5, "lrs": lrs}


doc = {"torch": torch.__version__, "optimizers": optimizer_cases(), "clip": clip_cases(),
       "plateau": plateau_cases(), "step_lr": step_lr_case()}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_optim.json"), "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
