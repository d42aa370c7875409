"""注意力：MultiheadAttention 与 scaled_dot_product_attention 的形状、公式、掩码（两者布尔掩码含义相反）与因果掩码。"""
# --8<-- [start:sdpa_formula]
import math
import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, h, L, S, d, d_v = 2, 4, 5, 7, 8, 6  # 批、头数、查询长、键长、头维度
q = torch.randn(N, h, L, d)
k = torch.randn(N, h, S, d)
v = torch.randn(N, h, S, d_v)
out = F.scaled_dot_product_attention(q, k, v)
print("输出:", tuple(out.shape))        # (N, h, L, d_v)

# softmax(Q K^T / sqrt(d)) V，softmax 沿最后一维（键）
scores = q @ k.transpose(-2, -1) / math.sqrt(d)   # (N, h, L, S)
weights = scores.softmax(dim=-1)
print("权重:", tuple(weights.shape), " 每行之和:",
      round(weights.sum(-1).mean().item(), 4))
print("与公式一致:", torch.allclose(out, weights @ v, atol=1e-6))
# --8<-- [end:sdpa_formula]

# --8<-- [start:mha_shapes]
import torch
import torch.nn as nn

torch.manual_seed(0)
E, heads = 16, 4                    # embed_dim 要能被 num_heads 整除
mha = nn.MultiheadAttention(E, heads, batch_first=True)
query = torch.randn(2, 5, E)        # (N, L, E)
memory = torch.randn(2, 7, E)       # (N, S, E)：键和值
out, w = mha(query, memory, memory)
print("输出:", tuple(out.shape))             # (N, L, E)
print("权重:", tuple(w.shape))               # (N, L, S)，各头的平均
_, w_heads = mha(query, memory, memory, average_attn_weights=False)
print("每个头的权重:", tuple(w_heads.shape))  # (N, heads, L, S)
print("平均正好是 w:", torch.allclose(w_heads.mean(dim=1), w))
out2, w_none = mha(query, memory, memory, need_weights=False)
print("need_weights=False:", w_none, " 输出相同:",
      torch.allclose(out, out2, atol=1e-6))
# --8<-- [end:mha_shapes]

# --8<-- [start:mha_batch_first_forgotten]
import torch
import torch.nn as nn

torch.manual_seed(0)
mha = nn.MultiheadAttention(8, 2)   # 忘了 batch_first=True
x = torch.randn(3, 5, 8)            # 本意：3 个样本，每个 5 个词
out, _ = mha(x, x, x)               # 不报错：被当成 (L=3, N=5, E)
x2 = x.clone()
x2[1] += 1.0                        # 只改第 1 个样本
out2, _ = mha(x2, x2, x2)
changed = [i for i in range(3) if not torch.equal(out[i], out2[i])]
print("输出变了的样本:", changed)
# --8<-- [end:mha_batch_first_forgotten]

# --8<-- [start:encoder_nested_warning]
import warnings
import torch.nn as nn


def build(**kwargs):
    layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, **kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        encoder = nn.TransformerEncoder(layer, num_layers=2)
    for w in caught:
        print(f"{w.category.__name__}: {w.message}")
    print("use_nested_tensor:", encoder.use_nested_tensor)


print("batch_first=False（默认）:")
build()
print("batch_first=True:")
build(batch_first=True)
def messages(make):  # check
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        make()
    return [str(w.message) for w in caught]
layer = nn.TransformerEncoderLayer(8, 2)  # check
assert messages(lambda: nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)) == []  # check
assert "batch_first was not True" in messages(lambda: nn.Transformer(8, 2))[0]  # check
layer = nn.TransformerEncoderLayer(8, 2, batch_first=True, norm_first=True)  # check
assert messages(lambda: nn.TransformerEncoder(layer, 2))[0].endswith("because encoder_layer.norm_first was True")  # check
# --8<-- [end:encoder_nested_warning]

# --8<-- [start:mha_by_hand]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
N, L, E, h = 2, 4, 8, 2
d = E // h                          # 每个头的维度
mha = nn.MultiheadAttention(E, h, batch_first=True)
x = torch.randn(N, L, E)
masked = torch.tensor([[False, True, True, True],
                       [False, False, True, True],
                       [False, False, False, True],
                       [False, False, False, False]])  # True = 遮住
out, _ = mha(x, x, x, attn_mask=masked)

# in_proj_weight 是 (3E, E)：依次是 W_q、W_k、W_v
W_q, W_k, W_v = mha.in_proj_weight.chunk(3)
b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
def heads(t):                       # (N, L, E) -> (N, h, L, d)
    return t.view(N, L, h, d).transpose(1, 2)
q = heads(x @ W_q.T + b_q)
k = heads(x @ W_k.T + b_k)
v = heads(x @ W_v.T + b_v)
# 同一个掩码，SDPA 要取反：它的 True 是“参与”
o = F.scaled_dot_product_attention(q, k, v, attn_mask=~masked)
o = o.transpose(1, 2).reshape(N, L, E)          # 拼接各头
by_hand = mha.out_proj(o)                       # 再乘 W_O
print("手算与 MultiheadAttention 一致:",
      torch.allclose(out, by_hand, atol=1e-6))
# --8<-- [end:mha_by_hand]

# --8<-- [start:bool_mask_opposite]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_printoptions(precision=2)
mask = torch.tensor([[False, True, True],
                     [True, False, True],
                     [False, False, True]])    # 同一个布尔掩码

mha = nn.MultiheadAttention(4, 1, batch_first=True)
x = torch.randn(1, 3, 4)
_, w = mha(x, x, x, attn_mask=mask)
print("MultiheadAttention 的权重（True = 遮住）:")
print(w[0].detach())

q = torch.randn(1, 1, 3, 4)
k = torch.randn(1, 1, 3, 4)
v = torch.eye(3).view(1, 1, 3, 3)    # 值取单位矩阵：输出就是权重
w_sdpa = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
print("scaled_dot_product_attention 的权重（True = 参与）:")
print(w_sdpa[0, 0])
assert bool((w[0][mask] == 0).all())  # check
assert bool((w_sdpa[0, 0][~mask] == 0).all())  # check
# --8<-- [end:bool_mask_opposite]

# --8<-- [start:float_mask]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
keep = torch.tensor([[True, True, False],
                     [True, False, True],
                     [True, True, True]])     # True = 参与
# 浮点掩码：参与的位置 0，遮住的位置 -inf；两个 API 都把它加到分数上
bias = torch.zeros(3, 3).masked_fill(~keep, float("-inf"))

q, k, v = torch.randn(3, 1, 1, 3, 4).unbind(0)
a = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
b = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
print("SDPA 布尔 keep 与浮点 bias 相同:", torch.allclose(a, b))

mha = nn.MultiheadAttention(4, 1, batch_first=True)
x = torch.randn(1, 3, 4)
c, _ = mha(x, x, x, attn_mask=~keep)          # 布尔：要传 ~keep
e, _ = mha(x, x, x, attn_mask=bias)           # 浮点：同一个 bias
print("MHA 布尔 ~keep 与浮点 bias 相同:", torch.allclose(c, e))
# --8<-- [end:float_mask]

# --8<-- [start:float_01_mask]
import torch
import torch.nn as nn

torch.manual_seed(0)
mha = nn.MultiheadAttention(4, 1, batch_first=True)
x = torch.randn(1, 4, 4)
pad = torch.tensor([[False, False, True, True]])  # 后两个是填充

_, w_bool = mha(x, x, x, key_padding_mask=pad)
_, w_01 = mha(x, x, x, key_padding_mask=pad.float())  # 0/1 浮点
# 第 0 个词分给两个填充位置的权重
print("布尔掩码:", w_bool[0, 0, 2:].sum().item())
print(f"0/1 浮点掩码: {w_01[0, 0, 2:].sum():.2f}")   # 没遮住
right = torch.zeros(1, 4).masked_fill(pad, float("-inf"))
_, w_inf = mha(x, x, x, key_padding_mask=right)
print("-inf 浮点掩码:", w_inf[0, 0, 2:].sum().item())
# --8<-- [end:float_01_mask]

# --8<-- [start:key_padding_mask]
import torch
import torch.nn as nn

torch.manual_seed(0)
mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(2, 4, 8)            # 第 1 条只有前 2 个词是真的
lengths = torch.tensor([4, 2])
pad = torch.arange(4) >= lengths[:, None]   # (N, S)，True = 填充
print("key_padding_mask:\n", pad)
out, w = mha(x, x, x, key_padding_mask=pad)
print("填充位置得到的权重:", w[1, :, 2:].sum().item())

x2 = x.clone()
x2[1, 2:] = 100.0                   # 填充位置换成什么都行
out2, _ = mha(x2, x2, x2, key_padding_mask=pad)
print("真实位置的输出不变:",
      torch.allclose(out[1, :2], out2[1, :2], atol=1e-6))
alone, _ = mha(x[1:, :2], x[1:, :2], x[1:, :2])   # 只取真实的 2 个词
print("与截掉填充后单独运行相同:",
      torch.allclose(out[1, :2], alone[0], atol=1e-6))
# 掩码只遮住键；填充位置作为查询仍有输出，后面要自己去掉
print("填充位置作为查询也有输出:", bool((out[1, 2:] != 0).any()))
# --8<-- [end:key_padding_mask]

# --8<-- [start:sdpa_padding]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, h, T, d = 2, 2, 4, 8
q, k, v = torch.randn(3, N, h, T, d).unbind(0)
lengths = torch.tensor([4, 2])
keep = torch.arange(T) < lengths[:, None]     # (N, S)，True = 真实的词
# 扩成 (N, 1, 1, S)，广播到 (N, h, L, S)
out = F.scaled_dot_product_attention(q, k, v,
                                     attn_mask=keep[:, None, None, :])
alone = F.scaled_dot_product_attention(q[1:, :, :2], k[1:, :, :2],
                                       v[1:, :, :2])
print("与截掉填充后单独运行相同:",
      torch.allclose(out[1, :, :2], alone[0], atol=1e-6))
# --8<-- [end:sdpa_padding]

# --8<-- [start:tokenizer_mask]
import torch
import torch.nn as nn

torch.manual_seed(0)
mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(2, 4, 8)
# 分词器常给的 attention_mask：整数，1 = 真实的词，0 = 填充
attention_mask = torch.tensor([[1, 1, 1, 1],
                               [1, 1, 0, 0]])
right = attention_mask == 0          # MHA 要的是 True = 填充
_, w = mha(x, x, x, key_padding_mask=right)
print("正确：真实词上的权重和", round(w[1, 0, :2].sum().item(), 4))
wrong = attention_mask.bool()        # 含义反了：遮住的是真实的词
_, w = mha(x, x, x, key_padding_mask=wrong)
print("反了：真实词上的权重和", round(w[1, 0, :2].sum().item(), 4))
# --8<-- [end:tokenizer_mask]

# --8<-- [start:key_padding_mask_int]
import torch
import torch.nn as nn

mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(2, 4, 8)
attention_mask = torch.tensor([[1, 1, 1, 1],
                               [1, 1, 0, 0]])     # int64
mha(x, x, x, key_padding_mask=attention_mask)  # raises: AssertionError: only bool and floating types
# --8<-- [end:key_padding_mask_int]

# --8<-- [start:key_padding_mask_shape]
import torch
import torch.nn as nn

mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(3, 6, 8)            # (N, S, E)
pad = torch.zeros(6, 3, dtype=torch.bool)   # 写成了 (S, N)
mha(x, x, x, key_padding_mask=pad)  # raises: AssertionError: Expected key_padded_mask.shape[0] to be 3
# --8<-- [end:key_padding_mask_shape]

# --8<-- [start:causal]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
L = 4
q, k, v = torch.randn(3, 1, 2, L, 8).unbind(0)
tril = torch.ones(L, L, dtype=torch.bool).tril()   # True = 参与
a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
b = F.scaled_dot_product_attention(q, k, v, attn_mask=tril)
print("SDPA is_causal 与 tril 掩码相同:", torch.allclose(a, b, atol=1e-6))

mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(1, L, 8)
triu = torch.ones(L, L, dtype=torch.bool).triu(diagonal=1)  # True = 遮住
print("triu 就是 ~tril:", torch.equal(triu, ~tril))
c, w = mha(x, x, x, attn_mask=triu)
sq = nn.Transformer.generate_square_subsequent_mask(L)      # 浮点
print("generate_square_subsequent_mask:\n", sq)
e, _ = mha(x, x, x, attn_mask=sq, is_causal=True)           # 提示
print("MHA 两种写法相同:", torch.allclose(c, e, atol=1e-6))
print("对角线以上的权重:", w[0].triu(diagonal=1).sum().item())
# --8<-- [end:causal]

# --8<-- [start:causal_future]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
q, k, v = torch.randn(3, 1, 1, 4, 8).unbind(0)
out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
k2, v2 = k.clone(), v.clone()
k2[..., 3, :] = 9.0                 # 改第 3 个（最后一个）位置
v2[..., 3, :] = 9.0
out2 = F.scaled_dot_product_attention(q, k2, v2, is_causal=True)
same = (out - out2).abs().amax(dim=-1)[0, 0] == 0
print("位置 0..3 的输出不变:", same.tolist())
triu = torch.ones(4, 4, dtype=torch.bool).triu(1)  # check
w1 = F.scaled_dot_product_attention(q, k, v, attn_mask=triu)  # check
w2 = F.scaled_dot_product_attention(q, k2, v2, attn_mask=triu)  # check
assert not torch.equal(w1[..., 0, :], w2[..., 0, :])  # check
# --8<-- [end:causal_future]

# --8<-- [start:causal_tril_in_mha]
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_printoptions(precision=2)
L = 4
mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(1, L, 8)
tril = torch.ones(L, L, dtype=torch.bool).tril()
# 照 SDPA 的习惯传了 tril：在 MHA 里 True 是遮住
out, w = mha(x, x, x, attn_mask=tril)
print("权重:\n", w[0].detach())
print("最后一个位置的输出有 nan:", bool(out[0, -1].isnan().any()))
# --8<-- [end:causal_tril_in_mha]

# --8<-- [start:is_causal_without_mask]
import torch
import torch.nn as nn

mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(1, 4, 8)
# is_causal 只是提示，MHA 仍要你给出 attn_mask
mha(x, x, x, is_causal=True)  # raises: RuntimeError: Need attn_mask if specifying the is_causal hint
# --8<-- [end:is_causal_without_mask]

# --8<-- [start:causal_padding]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
N, T = 2, 4
lengths = torch.tensor([4, 2])
pad = torch.arange(T) >= lengths[:, None]            # (N, T)，True = 填充
future = torch.ones(T, T, dtype=torch.bool).triu(1)  # True = 未来

mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(N, T, 8)
out, _ = mha(x, x, x, attn_mask=future, key_padding_mask=pad)
alone, _ = mha(x[1:, :2], x[1:, :2], x[1:, :2], attn_mask=future[:2, :2])
print("MHA 两种掩码一起用:",
      torch.allclose(out[1, :2], alone[0], atol=1e-6))

# SDPA：两个“参与”掩码取与，(T, T) & (N, 1, 1, T) -> (N, 1, T, T)
q, k, v = torch.randn(3, N, 2, T, 8).unbind(0)
keep = ~future & ~pad[:, None, None, :]
o = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
o1 = F.scaled_dot_product_attention(q[1:, :, :2], k[1:, :, :2],
                                    v[1:, :, :2], is_causal=True)
print("SDPA 两种掩码取与:", torch.allclose(o[1, :, :2], o1[0], atol=1e-6))
# --8<-- [end:causal_padding]

# --8<-- [start:mixed_mask_types]
import warnings
import torch
import torch.nn as nn

mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(2, 4, 8)
causal = nn.Transformer.generate_square_subsequent_mask(4)   # 浮点
pad = torch.tensor([[False, False, False, False],
                    [False, False, True, True]])            # 布尔
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    mha(x, x, x, attn_mask=causal, key_padding_mask=pad)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:mixed_mask_types]

# --8<-- [start:fully_masked]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(2, 3, 8)
pad = torch.tensor([[False, False, True],
                    [True, True, True]])      # 第 1 条全是填充
out, _ = mha(x, x, x, key_padding_mask=pad)
print("MHA，全被遮住的样本有 nan:", bool(out[1].isnan().any()))
print("MHA，其他样本正常:", bool(out[0].isfinite().all()))
out, _ = mha(x, x, x, key_padding_mask=pad, need_weights=False)
print("need_weights=False 时有 nan:", bool(out[1].isnan().any()))

q, k, v = torch.randn(3, 1, 1, 3, 4).unbind(0)
keep = torch.tensor([[True, True, False],
                     [False, False, False],   # 第 1 个查询一个键也没有
                     [True, True, True]])
o = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
print("SDPA，这一行的输出:", o[0, 0, 1].tolist())
# --8<-- [end:fully_masked]

# --8<-- [start:per_sample_mask]
import torch
import torch.nn as nn

torch.manual_seed(0)
N, L, h = 2, 3, 2
mha = nn.MultiheadAttention(8, h, batch_first=True)
x = torch.randn(N, L, 8)
masks = torch.tensor([[[False, True, True],      # 样本 0 的 (L, S) 掩码
                       [False, False, True],
                       [False, False, False]],
                      [[False, False, True],     # 样本 1 的
                       [False, False, True],
                       [False, False, True]]])
# 3 维掩码要 (N * num_heads, L, S)：每个样本重复 num_heads 次
out, _ = mha(x, x, x, attn_mask=masks.repeat_interleave(h, dim=0))
for n in range(N):
    one, _ = mha(x[n:n + 1], x[n:n + 1], x[n:n + 1], attn_mask=masks[n])
    print(f"样本 {n} 与单独用自己的掩码相同:",
          torch.allclose(out[n], one[0], atol=1e-6))
# --8<-- [end:per_sample_mask]

# --8<-- [start:attn_mask_3d_shape]
import torch
import torch.nn as nn

mha = nn.MultiheadAttention(8, 2, batch_first=True)
x = torch.randn(3, 5, 8)            # N = 3
masks = torch.zeros(3, 5, 5, dtype=torch.bool)    # (N, L, S)
mha(x, x, x, attn_mask=masks)  # raises: RuntimeError: The shape of the 3D attn_mask is torch.Size([3, 5, 5]), but should be (6, 5, 5).
# --8<-- [end:attn_mask_3d_shape]

# --8<-- [start:attn_mask_2d_shape]
import torch
import torch.nn as nn

mha = nn.MultiheadAttention(8, 2, batch_first=True)
query = torch.randn(2, 5, 8)        # L = 5
memory = torch.randn(2, 6, 8)       # S = 6
mask = torch.ones(5, 5, dtype=torch.bool).triu(1)   # 按自注意力写成 (L, L)
mha(query, memory, memory, attn_mask=mask)  # raises: RuntimeError: The shape of the 2D attn_mask is torch.Size([5, 5]), but should be (5, 6).
# --8<-- [end:attn_mask_2d_shape]

# --8<-- [start:embed_dim_heads]
import torch.nn as nn

nn.MultiheadAttention(embed_dim=10, num_heads=3)  # raises: AssertionError: embed_dim must be divisible by num_heads
# --8<-- [end:embed_dim_heads]

# --8<-- [start:sdpa_mask_shape]
import torch
import torch.nn.functional as F

q = torch.randn(2, 4, 5, 8)         # L = 5
k = torch.randn(2, 4, 6, 8)         # S = 6
v = torch.randn(2, 4, 6, 8)
mask = torch.ones(5, 5, dtype=torch.bool)   # 最后一维应当是 S
F.scaled_dot_product_attention(q, k, v, attn_mask=mask)  # raises: RuntimeError: The size of tensor a (6) must match
# --8<-- [end:sdpa_mask_shape]

# --8<-- [start:sdpa_int_mask]
import torch
import torch.nn.functional as F

q, k, v = torch.randn(3, 2, 4, 5, 8).unbind(0)
attention_mask = torch.ones(2, 1, 1, 5, dtype=torch.long)  # 0/1 整数
F.scaled_dot_product_attention(q, k, v, attn_mask=attention_mask)  # raises: RuntimeError: Expected attn_mask dtype to be bool or float
# --8<-- [end:sdpa_int_mask]

# --8<-- [start:sdpa_dropout]
import torch
import torch.nn as nn
import torch.nn.functional as F


class Attn(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.p = p

    def forward(self, q, k, v):
        # 错：dropout_p 总是 self.p，eval() 管不到它
        return F.scaled_dot_product_attention(q, k, v, dropout_p=self.p)


class AttnFixed(Attn):
    def forward(self, q, k, v):
        p = self.p if self.training else 0.0   # 只在训练模式下 dropout
        return F.scaled_dot_product_attention(q, k, v, dropout_p=p)


torch.manual_seed(0)
q, k, v = torch.randn(3, 1, 1, 4, 8).unbind(0)
for model in (Attn().eval(), AttnFixed().eval()):
    same = torch.equal(model(q, k, v), model(q, k, v))
    print(f"{type(model).__name__}，eval() 后两次结果相同:", same)
mha = nn.MultiheadAttention(8, 2, dropout=0.5, batch_first=True)  # check
xx = torch.randn(1, 4, 8)  # check
assert not torch.equal(mha(xx, xx, xx)[0], mha(xx, xx, xx)[0])  # check
mha.eval()  # check
assert torch.equal(mha(xx, xx, xx)[0], mha(xx, xx, xx)[0])  # check
# --8<-- [end:sdpa_dropout]
