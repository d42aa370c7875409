"""RNN、GRU、LSTM：输入输出形状、batch_first、h_n 与 c_n、多层与双向、变长序列的打包。"""
# --8<-- [start:shapes]
import torch
import torch.nn as nn

torch.manual_seed(0)
T, N, H_in, H = 5, 3, 4, 8     # 序列长度、批大小、输入特征数、隐藏维
x = torch.randn(T, N, H_in)    # 默认布局 (T, N, H_in)：时间在第 0 维

lstm = nn.LSTM(input_size=H_in, hidden_size=H)
output, (h_n, c_n) = lstm(x)   # LSTM 返回 output 和一个二元组
print("LSTM output:", tuple(output.shape))
print("LSTM h_n:", tuple(h_n.shape), " c_n:", tuple(c_n.shape))

gru = nn.GRU(H_in, H)
output, h_n = gru(x)           # GRU 和 RNN 只有 h_n，没有 c_n
print("GRU output:", tuple(output.shape), " h_n:", tuple(h_n.shape))
assert gru.weight_ih_l0.shape == (3 * H, H_in)  # check
assert lstm.weight_ih_l0.shape == (4 * H, H_in)  # check
rnn = nn.RNN(H_in, H)
output, h_n = rnn(x)
print("RNN output:", tuple(output.shape), " h_n:", tuple(h_n.shape))
assert output.shape == (T, N, H) and h_n.shape == (1, N, H)  # check
assert c_n.shape == (1, N, H)  # check
# --8<-- [end:shapes]

# --8<-- [start:tuple_to_linear]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(input_size=4, hidden_size=8, batch_first=True)
fc = nn.Linear(8, 2)
x = torch.randn(3, 5, 4)               # (N, T, H_in)
result = lstm(x)                       # (output, (h_n, c_n))
print(type(result).__name__, len(result))
output, (h_n, c_n) = result
print("fc(output[:, -1]):", tuple(fc(output[:, -1]).shape))
print("fc(h_n[-1]):", tuple(fc(h_n[-1]).shape))
assert torch.allclose(output[:, -1], h_n[-1])  # check
def message(call):  # check
    try:
        call()
    except TypeError as error:
        return str(error)
expected = "linear(): argument 'input' (position 1) must be Tensor, not tuple"  # check
assert message(lambda: nn.Sequential(lstm, fc)(x)) == expected  # check
assert message(lambda: fc(nn.GRU(4, 8, batch_first=True)(x))) == expected  # check
fc(result)  # 整个元组传给了 Linear  # raises: TypeError: linear(): argument 'input' (position 1) must be Tensor, not tuple
# --8<-- [end:tuple_to_linear]

# --8<-- [start:batch_first]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8, batch_first=True)
x = torch.randn(3, 5, 4)       # (N, T, H_in)
output, (h_n, c_n) = lstm(x)
print("output:", tuple(output.shape))   # (N, T, H)
print("h_n:", tuple(h_n.shape))         # 仍是 (层数, N, H)

# 同一组权重，batch_first=False：输入、输出都只差一次转置
lstm_tn = nn.LSTM(4, 8)
lstm_tn.load_state_dict(lstm.state_dict())
out_tn, (h_tn, c_tn) = lstm_tn(x.transpose(0, 1))
print("output 相同:", torch.allclose(output, out_tn.transpose(0, 1)))
print("h_n 相同（不转置）:", torch.allclose(h_n, h_tn))
assert h_n.shape == (1, 3, 8)  # check
assert torch.allclose(c_n, c_tn)  # check
# --8<-- [end:batch_first]

# --8<-- [start:batch_first_forgotten]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8)            # 忘了 batch_first=True
x = torch.randn(3, 5, 4)        # 本意：3 个样本，每个 5 步
out, _ = lstm(x)                # 不报错：被当成 3 步、5 个样本
x2 = x.clone()
x2[0] += 1.0                    # 只改第 0 个样本
out2, _ = lstm(x2)
# 按本意读 out[i] 是第 i 个样本的输出
changed = [i for i in range(3) if not torch.equal(out[i], out2[i])]
print("输出变了的样本:", changed)

lstm_bf = nn.LSTM(4, 8, batch_first=True)
a, _ = lstm_bf(x)
b, _ = lstm_bf(x2)
changed = [i for i in range(3) if not torch.equal(a[i], b[i])]
print("batch_first=True 时:", changed)
assert changed == [0]  # check
# --8<-- [end:batch_first_forgotten]

# --8<-- [start:num_layers]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8, num_layers=2)
x = torch.randn(5, 3, 4)        # (T, N, H_in)
output, (h_n, c_n) = lstm(x)
print("output:", tuple(output.shape))   # 只有最后一层，每一步都有
print("h_n:", tuple(h_n.shape))         # 每层一个，只有最后一步
print("output[-1] 等于 h_n[-1]:", torch.allclose(output[-1], h_n[-1]))
print("output[-1] 等于 h_n[0]:", torch.allclose(output[-1], h_n[0]))
# 第 0 层的输出就是第 1 层的输入：单独跑第 0 层可以得到 h_n[0]
layer0 = nn.LSTM(4, 8)
layer0.load_state_dict({k: v for k, v in lstm.state_dict().items()
                        if k.endswith("_l0")})   # 第 0 层的 4 个参数
_, (h0_alone, _) = layer0(x)
print("h_n[0] 是第 0 层的最后一步:", torch.allclose(h_n[0], h0_alone[0]))
# --8<-- [end:num_layers]

# --8<-- [start:bidirectional]
import torch
import torch.nn as nn

torch.manual_seed(0)
H = 8
lstm = nn.LSTM(4, H, batch_first=True, bidirectional=True)
x = torch.randn(3, 5, 4)        # (N, T, H_in)
output, (h_n, c_n) = lstm(x)
print("output:", tuple(output.shape))   # 最后一维 2H：前向在前，反向在后
print("h_n:", tuple(h_n.shape))         # (2, N, H)：0 前向，1 反向
fwd, bwd = output[..., :H], output[..., H:]
print("前向最后一步 fwd[:, -1] 等于 h_n[0]:",
      torch.allclose(fwd[:, -1], h_n[0]))
print("反向最后一步 bwd[:, 0] 等于 h_n[1]:",
      torch.allclose(bwd[:, 0], h_n[1]))
print("bwd[:, -1] 等于 h_n[1]:", torch.allclose(bwd[:, -1], h_n[1]))
sentence = torch.cat([h_n[0], h_n[1]], dim=1)   # 两个方向各自的最后一步
print("句子表示:", tuple(sentence.shape))
# --8<-- [end:bidirectional]

# --8<-- [start:bidirectional_last_output]
import torch
import torch.nn as nn

torch.manual_seed(0)
H = 8
lstm = nn.LSTM(4, H, batch_first=True, bidirectional=True)
x = torch.randn(3, 5, 4)
output, _ = lstm(x)
x2 = x.clone()
x2[:, :-1] = torch.randn(3, 4, 4)   # 换掉除最后一步以外的全部输入
output2, _ = lstm(x2)
# output[:, -1] 的后一半是反向在第一步的状态：它只读了最后一个词
print("output[:, -1, H:] 不变:",
      torch.equal(output[:, -1, H:], output2[:, -1, H:]))
print("output[:, -1, :H] 不变:",
      torch.equal(output[:, -1, :H], output2[:, -1, :H]))
# --8<-- [end:bidirectional_last_output]

# --8<-- [start:layers_directions]
import torch
import torch.nn as nn

torch.manual_seed(0)
L, N, H = 3, 2, 8
lstm = nn.LSTM(4, H, num_layers=L, bidirectional=True)
x = torch.randn(5, N, 4)        # (T, N, H_in)
output, (h_n, c_n) = lstm(x)
print("h_n:", tuple(h_n.shape))          # (L * 2, N, H)
h = h_n.view(L, 2, N, H)                 # (层, 方向, N, H)，都从 0 数
print("h[-1, 0] 是 h_n[-2]:", torch.equal(h[-1, 0], h_n[-2]))
print("h[-1, 1] 是 h_n[-1]:", torch.equal(h[-1, 1], h_n[-1]))
# 最后一层的两个方向与 output 对得上
print("前向:", torch.allclose(output[-1, :, :H], h[-1, 0]))
print("反向:", torch.allclose(output[0, :, H:], h[-1, 1]))
# h[0] 是第 0 层的两个方向：单独跑一个单层双向 LSTM 对照
layer0 = nn.LSTM(4, H, bidirectional=True)
layer0.load_state_dict({k: v for k, v in lstm.state_dict().items()
                        if "_l0" in k})
_, (h0_alone, _) = layer0(x)
print("h[0] 是第 0 层:", torch.allclose(h[0], h0_alone, atol=1e-6))
# --8<-- [end:layers_directions]

# --8<-- [start:rnn_formula]
import torch
import torch.nn as nn

torch.manual_seed(0)
rnn = nn.RNN(4, 3)                  # 默认 nonlinearity="tanh"
x = torch.randn(5, 2, 4)            # (T, N, H_in)
output, h_n = rnn(x)
print("weight_ih_l0:", tuple(rnn.weight_ih_l0.shape))   # (H, H_in)
print("weight_hh_l0:", tuple(rnn.weight_hh_l0.shape))   # (H, H)

h = torch.zeros(2, 3)               # 初始状态，默认全 0
steps = []
for t in range(5):                  # 代码里的下标从 0 数
    h = torch.tanh(x[t] @ rnn.weight_ih_l0.T + rnn.bias_ih_l0
                   + h @ rnn.weight_hh_l0.T + rnn.bias_hh_l0)
    steps.append(h)
print("逐步计算与 output 一致:", torch.allclose(torch.stack(steps), output,
                                               atol=1e-6))
print("最后一步就是 h_n[0]:", torch.allclose(h, h_n[0], atol=1e-6))
# --8<-- [end:rnn_formula]

# --8<-- [start:lstm_gates]
import torch
import torch.nn as nn

torch.manual_seed(0)
H = 3
lstm = nn.LSTM(4, H)
x = torch.randn(1, 2, 4)            # 一步，2 个样本
h0 = torch.randn(1, 2, H)
c0 = torch.randn(1, 2, H)
_, (h1, c1) = lstm(x, (h0, c0))
print("weight_ih_l0:", tuple(lstm.weight_ih_l0.shape))  # (4H, H_in)

gates = (x[0] @ lstm.weight_ih_l0.T + lstm.bias_ih_l0
         + h0[0] @ lstm.weight_hh_l0.T + lstm.bias_hh_l0)
i, f, g, o = gates.chunk(4, dim=1)  # 按行依次是 i、f、g、o 四个门
c = torch.sigmoid(f) * c0[0] + torch.sigmoid(i) * torch.tanh(g)
h = torch.sigmoid(o) * torch.tanh(c)
print("c_1 一致:", torch.allclose(c, c1[0], atol=1e-6))
print("h_1 一致:", torch.allclose(h, h1[0], atol=1e-6))
# --8<-- [end:lstm_gates]

# --8<-- [start:initial_state]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8, num_layers=2, batch_first=True)
x = torch.randn(3, 6, 4)            # (N, T, H_in)
# h_0、c_0 的形状是 (层数 * 方向数, N, H)，与 batch_first 无关
h0 = torch.zeros(2, 3, 8)
c0 = torch.zeros(2, 3, 8)
full, (h_n, c_n) = lstm(x, (h0, c0))
default, _ = lstm(x)                # 不传时就是全 0
print("不传 = 传全 0:", torch.equal(full, default))

# 分两段运行，把第一段的 (h_n, c_n) 传给第二段
part1, state = lstm(x[:, :4])
part2, (h2, c2) = lstm(x[:, 4:], state)
print("分段接上与整段相同:",
      torch.allclose(torch.cat([part1, part2], dim=1), full, atol=1e-6))
print("h_n 相同:", torch.allclose(h2, h_n, atol=1e-6))
# --8<-- [end:initial_state]

# --8<-- [start:state_detach]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8, batch_first=True)
state = None
for step in range(3):               # 一条长序列，每次喂一段
    x = torch.randn(2, 5, 4)
    out, state = lstm(x, state)
    out.sum().backward()
    # 只留下数值，切断与上一段计算图的联系
    state = tuple(s.detach() for s in state)
print("传下去的状态需要梯度:", state[0].requires_grad)
print("有 grad_fn:", state[0].grad_fn is not None)
# --8<-- [end:state_detach]

# --8<-- [start:state_no_detach]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8, batch_first=True)
state = None
for step in range(3):
    x = torch.randn(2, 5, 4)
    out, state = lstm(x, state)     # 第 1 段的 state 还连着第 0 段的图
    out.sum().backward()  # raises: RuntimeError: Trying to backward through the graph a second time
# --8<-- [end:state_no_detach]

# --8<-- [start:lstm_cell]
import torch
import torch.nn as nn

torch.manual_seed(0)
T, N, H_in, H = 5, 3, 4, 8
lstm = nn.LSTM(H_in, H)
cell = nn.LSTMCell(H_in, H)
print("LSTMCell 的参数:", [name for name, _ in cell.named_parameters()])
# 搬 nn.LSTM 的权重：去掉名字里的 _l0（weight_ih_l0 -> weight_ih）
cell.load_state_dict({k.removesuffix("_l0"): v
                      for k, v in lstm.state_dict().items()})
x = torch.randn(T, N, H_in)
output, (h_n, c_n) = lstm(x)

h = torch.zeros(N, H)               # (N, H)：没有“层数 * 方向数”那一维
c = torch.zeros(N, H)
steps = []
for t in range(T):                  # 一次一个时间步
    h, c = cell(x[t], (h, c))       # 返回 (h, c)，没有 output
    steps.append(h)
print("h:", tuple(h.shape), " c:", tuple(c.shape))
print("逐步的 h 与 output 一致:",
      torch.allclose(torch.stack(steps), output, atol=1e-6))
print("最后的 h、c 与 h_n[0]、c_n[0] 一致:",
      torch.allclose(h, h_n[0], atol=1e-6)
      and torch.allclose(c, c_n[0], atol=1e-6))
torch.testing.assert_close(torch.stack(steps), output)  # check
torch.testing.assert_close(h, h_n[0])  # check
torch.testing.assert_close(c, c_n[0])  # check
import inspect  # check
assert list(inspect.signature(nn.LSTMCell).parameters) == [  # check
    "input_size", "hidden_size", "bias", "device", "dtype"]
h1, c1 = cell(x[0])  # check
zeros = torch.zeros(N, H)  # check
h1z, c1z = cell(x[0], (zeros, zeros))  # check
assert torch.equal(h1, h1z) and torch.equal(c1, c1z)  # check
assert cell(x[0, 0])[0].shape == (H,)  # check
try:  # check
    nn.LSTMCell(H_in, H).load_state_dict(lstm.state_dict())
except RuntimeError as error:
    assert "Missing key(s) in state_dict" in str(error)
    assert "Unexpected key(s) in state_dict" in str(error)
else:
    raise AssertionError("LSTM state_dict loaded into LSTMCell unchanged")
deep = nn.LSTM(H_in, H, num_layers=2)  # check
cells = [nn.LSTMCell(H_in, H), nn.LSTMCell(H, H)]  # check
for layer, one in enumerate(cells):  # check
    one.load_state_dict({k.removesuffix(f"_l{layer}"): v
                         for k, v in deep.state_dict().items()
                         if k.endswith(f"_l{layer}")})
deep_out, (deep_h, deep_c) = deep(x)  # check
states = [(torch.zeros(N, H), torch.zeros(N, H)) for _ in cells]  # check
for t in range(T):  # check
    inp = x[t]
    for layer, one in enumerate(cells):
        states[layer] = one(inp, states[layer])
        inp = states[layer][0]
    torch.testing.assert_close(inp, deep_out[t])
torch.testing.assert_close(torch.stack([s[0] for s in states]), deep_h)  # check
# --8<-- [end:lstm_cell]

# --8<-- [start:lstm_cell_3d_state]
import torch
import torch.nn as nn

cell = nn.LSTMCell(4, 8)
x_t = torch.randn(3, 4)             # 一个时间步：(N, H_in)
h0 = torch.zeros(1, 3, 8)           # 照 nn.LSTM 写成了 (层数, N, H)
c0 = torch.zeros(1, 3, 8)
cell(x_t, (h0, c0))  # raises: ValueError: LSTMCell: Expected hx[0] to be 1D or 2D, got 3D instead
# --8<-- [end:lstm_cell_3d_state]

# --8<-- [start:lstm_cell_sequence]
import torch
import torch.nn as nn

cell = nn.LSTMCell(4, 8)
x = torch.randn(5, 3, 4)            # 整段序列 (T, N, H_in)
# LSTMCell 一次只收一个时间步：(N, H_in) 或 (H_in,)
cell(x)  # raises: ValueError: LSTMCell: Expected input to be 1D or 2D, got 3D instead
# --8<-- [end:lstm_cell_sequence]

# --8<-- [start:hidden_batch_first]
import torch
import torch.nn as nn

lstm = nn.LSTM(4, 8, batch_first=True)
x = torch.randn(3, 5, 4)            # (N, T, H_in)
h0 = torch.zeros(3, 1, 8)           # 误以为 h_0 也是批次在前
c0 = torch.zeros(3, 1, 8)
lstm(x, (h0, c0))  # raises: RuntimeError: Expected hidden[0] size (1, 3, 8)
# --8<-- [end:hidden_batch_first]

# --8<-- [start:hidden_2d]
import torch
import torch.nn as nn

lstm = nn.LSTM(4, 8)
x = torch.randn(5, 3, 4)
h0 = torch.zeros(3, 8)              # 少了第 0 维（层数 * 方向数）
c0 = torch.zeros(3, 8)
lstm(x, (h0, c0))  # raises: RuntimeError: For batched 3-D input, hx and cx
# --8<-- [end:hidden_2d]

# --8<-- [start:hidden_num_layers]
import torch
import torch.nn as nn

gru = nn.GRU(4, 8, num_layers=2)
x = torch.randn(5, 3, 4)
h0 = torch.zeros(1, 3, 8)           # 第 0 维应当是 num_layers = 2
gru(x, h0)  # raises: RuntimeError: Expected hidden size (2, 3, 8), got [1, 3, 8]
# --8<-- [end:hidden_num_layers]

# --8<-- [start:hidden_bidirectional]
import torch
import torch.nn as nn

lstm = nn.LSTM(4, 8, bidirectional=True)
x = torch.randn(5, 3, 4)
h0 = torch.zeros(1, 3, 8)           # 双向要 2 * num_layers 个
c0 = torch.zeros(1, 3, 8)
lstm(x, (h0, c0))  # raises: RuntimeError: Expected hidden[0] size (2, 3, 8)
# --8<-- [end:hidden_bidirectional]

# --8<-- [start:lstm_tensor_state]
import torch
import torch.nn as nn

lstm = nn.LSTM(4, 8)
x = torch.randn(5, 3, 4)
h0 = torch.zeros(1, 3, 8)
lstm(x, h0)  # LSTM 要 (h_0, c_0)  # raises: IndexError: index 1 is out of bounds
# --8<-- [end:lstm_tensor_state]

# --8<-- [start:gru_tuple_state]
import torch
import torch.nn as nn

gru = nn.GRU(4, 8)
x = torch.randn(5, 3, 4)
h0 = torch.zeros(1, 3, 8)
gru(x, (h0, h0))  # GRU 只要 h_0  # raises: AttributeError: 'tuple' object
# --8<-- [end:gru_tuple_state]

# --8<-- [start:input_size_mismatch]
import torch
import torch.nn as nn

lstm = nn.LSTM(input_size=4, hidden_size=8)
x = torch.randn(5, 3, 6)            # 最后一维应当是 input_size
lstm(x)  # raises: RuntimeError: input.size(-1) must be equal to input_size
# --8<-- [end:input_size_mismatch]

# --8<-- [start:unbatched]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8)
x = torch.randn(3, 4)               # 本意：3 个样本，各一步
output, (h_n, c_n) = lstm(x)        # 2 维输入：一条没有批次维的序列
print("output:", tuple(output.shape), " h_n:", tuple(h_n.shape))
# 第 2 行的输出读过了第 0、1 行：样本被当成了时间步
alone, _ = lstm(x[2:])
print("第 2 个样本与单独运行相同:", torch.allclose(output[2], alone[0]))
batch, _ = lstm(x.unsqueeze(0))     # 真正的 (T=1, N=3, H_in)
print("加一维后:", tuple(batch.shape),
      " 第 2 个样本相同:", torch.allclose(batch[0, 2], alone[0]))
# --8<-- [end:unbatched]

# --8<-- [start:input_4d]
import torch
import torch.nn as nn

lstm = nn.LSTM(4, 8, batch_first=True)
x = torch.randn(3, 5, 1, 4)         # 多了一维，例如 (N, T, 1, 特征)
lstm(x)  # raises: ValueError: LSTM: Expected input to be 2D or 3D, got 4D
# --8<-- [end:input_4d]

# --8<-- [start:input_dtype]
import numpy as np
import torch
import torch.nn as nn

lstm = nn.LSTM(4, 8)
x = torch.from_numpy(np.zeros((5, 3, 4)))   # NumPy 默认 float64
lstm(x)  # raises: ValueError: RNN input dtype (torch.float64) does not match
# --8<-- [end:input_dtype]

# --8<-- [start:padding_problem]
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence

torch.manual_seed(0)
lstm = nn.LSTM(2, 4, batch_first=True)
seqs = [torch.randn(5, 2), torch.randn(3, 2), torch.randn(2, 2)]
lengths = torch.tensor([5, 3, 2])
x = pad_sequence(seqs, batch_first=True)     # (3, 5, 2)，末尾补 0
output, (h_n, c_n) = lstm(x)
for b in range(3):
    _, (h_alone, _) = lstm(seqs[b].unsqueeze(0))
    print(f"第 {b} 条（长 {lengths[b]}）h_n 与单独运行相同:",
          torch.allclose(h_n[0, b], h_alone[0, 0], atol=1e-6))
# 单向时，真实最后一步的 output 仍是对的：按长度取出来
last = output[torch.arange(3), lengths - 1]  # (N, H)
_, (h_alone, _) = lstm(seqs[2].unsqueeze(0))
print("按长度取 output 的最后一步:",
      torch.allclose(last[2], h_alone[0, 0], atol=1e-6))
for b in range(3):  # check
    _, (h_b, _) = lstm(seqs[b].unsqueeze(0))
    assert torch.allclose(last[b], h_b[0, 0], atol=1e-6)
# --8<-- [end:padding_problem]

# --8<-- [start:pack]
import torch
import torch.nn as nn
from torch.nn.utils.rnn import (pack_padded_sequence, pad_packed_sequence,
                                pad_sequence)

torch.manual_seed(0)
lstm = nn.LSTM(2, 4, batch_first=True)
seqs = [torch.randn(3, 2), torch.randn(5, 2), torch.randn(2, 2)]
lengths = torch.tensor([3, 5, 2])             # 没有排序；在 CPU 上
x = pad_sequence(seqs, batch_first=True)      # (3, 5, 2)
packed = pack_padded_sequence(x, lengths, batch_first=True,
                              enforce_sorted=False)
packed_out, (h_n, c_n) = lstm(packed)         # 输入打包，output 也是打包的
output, out_lengths = pad_packed_sequence(packed_out, batch_first=True)
print("output:", tuple(output.shape), " 长度:", out_lengths.tolist())
print("h_n:", tuple(h_n.shape))
for b in range(3):                            # h_n 仍按原来的顺序
    _, (h_alone, _) = lstm(seqs[b].unsqueeze(0))
    print(f"第 {b} 条 h_n 与单独运行相同:",
          torch.allclose(h_n[0, b], h_alone[0, 0], atol=1e-6))
print("填充位置的 output 是 0:", bool((output[0, 3:] == 0).all()))
# --8<-- [end:pack]

# --8<-- [start:packed_data]
import torch
from torch.nn.utils.rnn import pack_padded_sequence

# 3 条序列，长度 4、2、1；值写成“序列号 * 10 + 时间步”，都从 0 数
x = torch.tensor([[0, 10, 20],
                  [1, 11, 0],
                  [2, 0, 0],
                  [3, 0, 0]])                 # (T, N)，0 是填充
packed = pack_padded_sequence(x, [4, 2, 1])   # 列表形式的长度也可以
print("data:", packed.data.tolist())
print("batch_sizes:", packed.batch_sizes.tolist())
# 第 t 步还有 batch_sizes[t] 条序列没结束，它们的值依次排进 data
# --8<-- [end:packed_data]

# --8<-- [start:enforce_sorted]
import torch
from torch.nn.utils.rnn import pack_padded_sequence

x = torch.randn(5, 3, 2)            # (T, N, H_in)
lengths = [3, 5, 2]                 # 没有从长到短排
pack_padded_sequence(x, lengths)  # raises: RuntimeError: `lengths` array must be sorted
# --8<-- [end:enforce_sorted]

# --8<-- [start:pack_batch_first]
import torch
from torch.nn.utils.rnn import pack_padded_sequence

x = torch.randn(3, 5, 2)            # (N, T, H_in)，批次在前
lengths = [5, 3, 2]
# 忘了 batch_first=True：第 1 维被当成批次
pack_padded_sequence(x, lengths)  # raises: RuntimeError: Expected `len(lengths)` to be equal to batch_size
# --8<-- [end:pack_batch_first]

# --8<-- [start:pack_bidirectional]
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

torch.manual_seed(0)
H = 4
lstm = nn.LSTM(2, H, batch_first=True, bidirectional=True)
seqs = [torch.randn(5, 2), torch.randn(2, 2)]
x = pad_sequence(seqs, batch_first=True)      # (2, 5, 2)
_, (h_pad, _) = lstm(x)                       # 不打包
packed = pack_padded_sequence(x, [5, 2], batch_first=True)
_, (h_pack, _) = lstm(packed)                 # 打包
_, (h_alone, _) = lstm(seqs[1].unsqueeze(0))  # 第 1 条单独运行
# h_n[1] 是反向的最后一步：不打包时，反向从填充的 0 开始读
print("不打包，反向 h_n 相同:", torch.allclose(h_pad[1, 1], h_alone[1, 0]))
print("打包后，反向 h_n 相同:",
      torch.allclose(h_pack[1, 1], h_alone[1, 0], atol=1e-6))
# --8<-- [end:pack_bidirectional]

# --8<-- [start:total_length]
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(0)
lstm = nn.LSTM(2, 4, batch_first=True)
x = torch.randn(2, 6, 2)            # 整批填充到 T = 6
lengths = [4, 3]                    # 这一批最长只有 4
packed = pack_padded_sequence(x, lengths, batch_first=True)
out, _ = lstm(packed)
short, _ = pad_packed_sequence(out, batch_first=True)
print("默认:", tuple(short.shape))            # 只到 max(lengths)
full, _ = pad_packed_sequence(out, batch_first=True, total_length=6)
print("total_length=6:", tuple(full.shape))   # 与输入、目标对齐
# --8<-- [end:total_length]

# --8<-- [start:length_zero]
import torch
from torch.nn.utils.rnn import pack_padded_sequence

x = torch.randn(2, 4, 3)            # (N, T, H_in)
lengths = [4, 0]                    # 一条空序列
pack_padded_sequence(x, lengths, batch_first=True)  # raises: RuntimeError: Length of all samples
# --8<-- [end:length_zero]

# --8<-- [start:lengths_cuda]
# requires: cuda
import torch
from torch.nn.utils.rnn import pack_padded_sequence

x = torch.randn(3, 5, 2, device="cuda")            # (N, T, H_in)
lengths = torch.tensor([5, 3, 2], device="cuda")
# lengths 必须在 CPU 上：改成 lengths.cpu()
pack_padded_sequence(x, lengths, batch_first=True)  # raises: RuntimeError: 'lengths' argument should be a 1D CPU int64 tensor
# --8<-- [end:lengths_cuda]

# --8<-- [start:dropout_one_layer]
import warnings
import torch.nn as nn

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    nn.LSTM(4, 8, dropout=0.5)      # 只有一层：dropout 不起作用
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:dropout_one_layer]

# --8<-- [start:flatten_cpu]
import warnings
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8)                    # 在 CPU 上
params = list(lstm.parameters())
storages = {p.untyped_storage().data_ptr() for p in params}
print("参数:", len(params), " 各自的存储:", len(storages))
ptrs = [p.data_ptr() for p in params]
lstm.flatten_parameters()               # CPU 上直接返回
print("数据指针不变:", [p.data_ptr() for p in params] == ptrs)

x = torch.randn(5, 3, 4)
out, _ = lstm(x)
w = lstm.weight_hh_l0
w.data = w.data.clone()                 # 换一块内存，参数还是同一个对象
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out2, _ = lstm(x)
print("换 .data 后的警告:", len(caught), " 输出相同:", torch.equal(out, out2))
assert w is lstm.weight_hh_l0 and not lstm._weights_have_changed()  # check
# --8<-- [end:flatten_cpu]

# --8<-- [start:flatten_cuda]
# requires: cuda
import warnings
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8).to("cuda")         # .to() 之后权重在一整块内存里
x = torch.randn(5, 3, 4, device="cuda")
w = lstm.weight_hh_l0
w.data = w.data.clone()                 # 换一块内存：不再是那一整块的一部分
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    lstm(x)
for warning in caught:
    # 去掉警告末尾随安装而变的 "(Triggered internally at ...)"
    message = str(warning.message).split(" (Triggered")[0]
    print(f"{warning.category.__name__}: {message}")
assert len(caught) == 1 and caught[0].category is UserWarning  # check
assert "not part of single contiguous chunk" in str(caught[0].message)  # check

lstm.flatten_parameters()               # 重新复制进一整块内存
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    lstm(x)
print("flatten_parameters 之后的警告:", len(caught))
# --8<-- [end:flatten_cuda]

# --8<-- [start:flatten_in_forward]
import warnings
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(4, 8, batch_first=True)

    def forward(self, x):
        # DataParallel 的副本、改过的权重：先放回一整块内存
        self.rnn.flatten_parameters()   # CPU 上什么也不做
        _, (h_n, _) = self.rnn(x)
        return h_n[-1]


torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
model = Encoder().to(device)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    h = model(torch.randn(2, 5, 4, device=device))
print("h:", tuple(h.shape), " 警告:", len(caught))
# --8<-- [end:flatten_in_forward]

# --8<-- [start:eval_backward_cpu]
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8, batch_first=True)
lstm.eval()                             # 评估模式
x = torch.randn(2, 5, 4, requires_grad=True)
out, _ = lstm(x)
out.sum().backward()                    # CPU 上评估模式也能反向传播
print("lstm.training:", lstm.training)
print("x.grad 的形状:", tuple(x.grad.shape))
# --8<-- [end:eval_backward_cpu]

# --8<-- [start:eval_backward_cuda]
# requires: cuda
import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(4, 8, batch_first=True).to("cuda")
lstm.eval()
x = torch.randn(2, 5, 4, device="cuda", requires_grad=True)
out, _ = lstm(x)
out.sum().backward()  # raises: RuntimeError: cudnn RNN backward can only be called in training mode
# --8<-- [end:eval_backward_cuda]

# --8<-- [start:rnn_train_eval_same]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(2, 5, 4)
for dropout in (0.0, 0.5):
    lstm = nn.LSTM(4, 8, num_layers=2, dropout=dropout, batch_first=True)
    lstm.eval()
    out_eval, _ = lstm(x)
    lstm.train()                        # 只有层间 dropout 随模式变化
    out_train, _ = lstm(x)
    print(f"dropout={dropout}: train() 与 eval() 的输出相同:",
          torch.equal(out_eval, out_train))
# --8<-- [end:rnn_train_eval_same]
