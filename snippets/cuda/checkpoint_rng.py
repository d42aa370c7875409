# requires: cuda
"""GPU 上的梯度检查点与 Dropout：重算时恢复随机数状态，结果与不用检查点时相同。"""
# --8<-- [start:same_result]
import torch
from torch import nn
from torch.utils.checkpoint import checkpoint

device = torch.device("cuda")
torch.manual_seed(0)
block = nn.Sequential(nn.Linear(16, 16), nn.Dropout(p=0.5), nn.Linear(16, 1))
block.to(device)
x = torch.randn(8, 16, device=device)

def run(use_checkpoint, **ckpt_kwargs):
    block.zero_grad()
    torch.cuda.manual_seed(123)         # 每次运行从同一个 GPU 随机数状态开始
    if use_checkpoint:
        out = checkpoint(block, x, use_reentrant=False, **ckpt_kwargs)
    else:
        out = block(x)
    out.sum().backward()
    return out.detach(), block[0].weight.grad.clone()

plain_out, plain_grad = run(use_checkpoint=False)
ckpt_out, ckpt_grad = run(use_checkpoint=True)
# 前向结果完全相同
print("outputs equal:", torch.equal(plain_out, ckpt_out))
assert torch.equal(plain_out, ckpt_out)  # check
# 梯度也完全相同：重算时用的是同一个 Dropout 掩码
print("gradients equal:", torch.equal(plain_grad, ckpt_grad))
assert torch.equal(plain_grad, ckpt_grad)  # check

# 对照：关掉 preserve_rng_state，重算用的是另一个 Dropout 掩码，梯度就错了
_, grad_no_rng = run(use_checkpoint=True, preserve_rng_state=False)
print("preserve_rng_state=False, gradients equal:",
      torch.equal(plain_grad, grad_no_rng))
assert not torch.equal(plain_grad, grad_no_rng)  # check
# --8<-- [end:same_result]
