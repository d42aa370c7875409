# requires: cuda
"""GPU 上的梯度检查点与 Dropout：重算时恢复随机数状态，结果与不用检查点时相同。"""
# --8<-- [start:imports]
import torch
from torch import nn
from torch.utils.checkpoint import checkpoint
# --8<-- [end:imports]

# --8<-- [start:same_result]
device = torch.device("cuda")
torch.manual_seed(0)
block = nn.Sequential(nn.Linear(16, 16), nn.Dropout(p=0.5), nn.Linear(16, 1)).to(device)
x = torch.randn(8, 16, device=device)

def run(use_checkpoint):
    block.zero_grad()
    torch.cuda.manual_seed(123)         # 两次运行从同一个 GPU 随机数状态开始
    if use_checkpoint:
        out = checkpoint(block, x, use_reentrant=False)
    else:
        out = block(x)
    out.sum().backward()
    return out.detach(), block[0].weight.grad.clone()

plain_out, plain_grad = run(use_checkpoint=False)
ckpt_out, ckpt_grad = run(use_checkpoint=True)
assert torch.equal(plain_out, ckpt_out)     # 前向结果完全相同
# 梯度也完全相同：重算时用的是同一个 Dropout 掩码
assert torch.equal(plain_grad, ckpt_grad)
print("outputs equal:", torch.equal(plain_out, ckpt_out))
print("gradients equal:", torch.equal(plain_grad, ckpt_grad))
# --8<-- [end:same_result]
