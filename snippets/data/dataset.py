"""map 式数据集：__getitem__ + __len__，从 JSON 行文件到 token id，按步数训练，每步 iter() 的 bug。"""
# --8<-- [start:protocol]
import torch
from torch.utils.data import DataLoader, Dataset


class Squares(Dataset):
    """最小的 map 式数据集：按下标取样本，告诉别人一共有几个。"""

    def __init__(self, n):
        self.values = [i * i for i in range(n)]

    def __len__(self):
        return len(self.values)

    def __getitem__(self, idx):
        return torch.tensor(self.values[idx])


ds = Squares(5)
print("len:", len(ds), " ds[3]:", ds[3])
print([b.tolist() for b in DataLoader(ds, batch_size=2)])
# --8<-- [end:protocol]

# --8<-- [start:no_len]
from torch.utils.data import DataLoader, Dataset


class NoLen(Dataset):
    def __getitem__(self, idx):
        return idx * idx


# 默认采样器要 len(dataset)
list(DataLoader(NoLen(), batch_size=2))  # raises: TypeError: has no len()
# --8<-- [end:no_len]

# --8<-- [start:iterate_without_iter]
import itertools

from torch.utils.data import Dataset


class NoLen(Dataset):
    def __getitem__(self, idx):
        # 对任何下标都返回值，从不抛 IndexError
        return idx * idx


class WithLen(NoLen):
    def __len__(self):
        return 3


print("Dataset 有 __iter__:", hasattr(Dataset, "__iter__"))
# for 循环退回到“从 0 开始调 __getitem__，直到 IndexError”的旧协议
print("islice(NoLen(), 7):", list(itertools.islice(NoLen(), 7)))
# 有 __len__ 也一样：for 循环不看 len()
print("len(WithLen()):", len(WithLen()),
      " islice(WithLen(), 7):", list(itertools.islice(WithLen(), 7)))
# --8<-- [end:iterate_without_iter]

# --8<-- [start:collate_custom_class]
from torch.utils.data import DataLoader


class Point:                                       # 自定义类：默认整理函数不认识
    pass


loader = DataLoader([Point(), Point()], batch_size=2)
next(iter(loader))  # raises: TypeError: default_collate: batch must contain tensors
# --8<-- [end:collate_custom_class]

# --8<-- [start:jsonl_file]
import json
import os
import tempfile

records = [
    {"id": "q0", "sent1": "She opens the fridge.", "sent2": "She",
     "ending0": "takes out the milk.", "ending1": "flies to the moon.",
     "ending2": "eats the door.", "ending3": "sings to a chair.", "label": 0},
    {"id": "q1", "sent1": "A man ties his shoes.", "sent2": "",
     "ending0": "He melts.", "ending1": "He swims in the shoe.",
     "ending2": "He walks out of the house.", "ending3": "He eats a lace.",
     "label": 2},
    {"id": "q2", "sent1": "The kettle whistles.", "sent2": "Someone",
     "ending0": "plants it.", "ending1": "paints it blue.",
     "ending2": "reads it aloud.", "ending3": "pours the hot water.",
     "label": 3},
]
with tempfile.TemporaryDirectory() as tmp:           # 用完即删
    path = os.path.join(tmp, "train.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")            # 一行一个样本（JSON Lines）
    with open(path, encoding="utf-8") as f:
        print(f.readline().strip())
# --8<-- [end:jsonl_file]

# --8<-- [start:tokenizer]
import re


class TinyTokenizer:
    """按词切分的玩具分词器：词表由训练文本建立，0 号留给填充，1 号留给未知词。"""

    PAD, UNK = 0, 1

    def __init__(self, texts):
        words = sorted({w for t in texts for w in self.split(t)})
        self.vocab = {"<pad>": self.PAD, "<unk>": self.UNK}
        self.vocab.update({w: i + 2 for i, w in enumerate(words)})

    @staticmethod
    def split(text):
        return re.findall(r"\w+|[^\w\s]", text.lower())

    def encode(self, text):
        return [self.vocab.get(w, self.UNK) for w in self.split(text)]


tok = TinyTokenizer(["She opens the fridge.", "She takes out the milk."])
print(tok.vocab)
print(tok.encode("She opens the fridge."))
print(tok.encode("She opens the zebra."))           # 词表里没有 zebra：<unk>
assert tok.encode("She opens the zebra.")[3] == TinyTokenizer.UNK  # check
# --8<-- [end:tokenizer]

# --8<-- [start:jsonl_dataset]
import json
import os
import re
import tempfile

import torch
from torch.utils.data import DataLoader, Dataset


class TinyTokenizer:                                 # 与上面相同
    PAD, UNK = 0, 1

    def __init__(self, texts):
        words = sorted({w for t in texts for w in self.split(t)})
        self.vocab = {"<pad>": self.PAD, "<unk>": self.UNK}
        self.vocab.update({w: i + 2 for i, w in enumerate(words)})

    @staticmethod
    def split(text):
        return re.findall(r"\w+|[^\w\s]", text.lower())

    def encode(self, text):
        return [self.vocab.get(w, self.UNK) for w in self.split(text)]


class MultipleChoiceDataset(Dataset):
    """每行：上下文 sent1 + sent2（常为空），四个结尾，正确结尾的编号 label。

    返回 (input_ids, label)：input_ids 形状 (4, max_len)，
    第 k 行是“上下文 + 第 k 个结尾”。
    """

    def __init__(self, path, tokenizer, max_len=16):
        with open(path, encoding="utf-8") as f:
            self.rows = [json.loads(line) for line in f if line.strip()]
        self.tok = tokenizer
        self.max_len = max_len

    def __len__(self):
        return len(self.rows)

    def encode_fixed(self, text):
        # 截断……
        ids = self.tok.encode(text)[: self.max_len]
        # ……再填充到同一长度
        return ids + [TinyTokenizer.PAD] * (self.max_len - len(ids))

    def __getitem__(self, idx):
        row = self.rows[idx]
        # sent2 为空时不留多余空格
        context = " ".join(s for s in (row["sent1"], row["sent2"]) if s)
        choices = [self.encode_fixed(f"{context} {row[f'ending{k}']}")
                   for k in range(4)]
        return torch.tensor(choices), torch.tensor(row["label"])


records = [                                          # 与上面相同的 3 行
    {"id": "q0", "sent1": "She opens the fridge.", "sent2": "She",
     "ending0": "takes out the milk.", "ending1": "flies to the moon.",
     "ending2": "eats the door.", "ending3": "sings to a chair.", "label": 0},
    {"id": "q1", "sent1": "A man ties his shoes.", "sent2": "",
     "ending0": "He melts.", "ending1": "He swims in the shoe.",
     "ending2": "He walks out of the house.", "ending3": "He eats a lace.",
     "label": 2},
    {"id": "q2", "sent1": "The kettle whistles.", "sent2": "Someone",
     "ending0": "plants it.", "ending1": "paints it blue.",
     "ending2": "reads it aloud.", "ending3": "pours the hot water.",
     "label": 3},
]
fields = ("sent1", "sent2", "ending0", "ending1", "ending2", "ending3")
tok = TinyTokenizer([r[k] for r in records for k in fields])
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "train.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    mc = MultipleChoiceDataset(path, tok)            # __init__ 读入全部行

x, y = mc[1]
print("len:", len(mc), " x:", tuple(x.shape), x.dtype, " y:", y)
print(x[2])                                          # 第 2 个结尾是正确答案

# 长度固定，默认整理函数能堆叠成 (B, 4, L)
g = torch.Generator().manual_seed(0)
loader = DataLoader(mc, batch_size=2, shuffle=True, generator=g)
for input_ids, labels in loader:
    print(tuple(input_ids.shape), labels)
# 3 个样本，每批 2 个：2 + 1
assert len(loader) == 2  # check
# --8<-- [end:jsonl_dataset]

# --8<-- [start:fixed_steps]
import torch
from torch.utils.data import DataLoader


def batches_forever(loader):
    """按步数训练：一轮（epoch）读完就开始下一轮，每轮重新打乱。"""
    epoch = 0
    while True:
        for batch in loader:
            yield epoch, batch
        epoch += 1


g = torch.Generator().manual_seed(0)
loader = DataLoader(range(5), batch_size=2, shuffle=True, generator=g)
seen = {}  # check
for step, (epoch, batch) in enumerate(batches_forever(loader)):
    if step == 7:                                    # 一共 7 步，跨过了 3 轮
        break
    print(f"step {step}  epoch {epoch}  batch {batch.tolist()}")
    seen.setdefault(epoch, []).extend(batch.tolist())  # check
# 第 0、1 轮：每个样本恰好一次
assert sorted(seen[0]) == sorted(seen[1]) == list(range(5))  # check
# --8<-- [end:fixed_steps]

# --8<-- [start:itertools_cycle]
import itertools

import torch
from torch.utils.data import DataLoader

g = torch.Generator().manual_seed(0)
loader = DataLoader(range(6), batch_size=2, shuffle=True, generator=g)
# 第二轮是第一轮的重放：不再打乱
cycled = [b.tolist() for b in itertools.islice(itertools.cycle(loader), 6)]
print("itertools.cycle:", cycled)
assert cycled[:3] == cycled[3:]  # check

# 每轮重新 for batch in loader（batches_forever 就这样做）：每轮新的顺序
fresh = [b.tolist() for epoch in range(2) for b in loader]
print("每轮重新 for   :", fresh)
assert fresh[:3] != fresh[3:]  # check
# --8<-- [end:itertools_cycle]

# --8<-- [start:repeating_loader]
from torch.utils.data import DataLoader


class RepeatingLoader:
    """与 DeepSpeed 的 deepspeed.utils.RepeatingLoader 逻辑相同的最小实现。"""

    def __init__(self, loader):
        self.loader = loader
        self.data_iter = iter(loader)

    def __iter__(self):
        return self                                 # iter() 返回自身：不会重新开始

    def __next__(self):
        try:
            return next(self.data_iter)
        except StopIteration:                       # 一轮结束：重建迭代器，接着取
            self.data_iter = iter(self.loader)
            return next(self.data_iter)


rl = RepeatingLoader(DataLoader(range(6), batch_size=2))
print("iter(rl) is rl:", iter(rl) is rl)
# 每步 iter() 再 next()：对 RepeatingLoader 没问题
got = [next(iter(rl)).tolist() for _ in range(4)]
print(got)
assert got == [[0, 1], [2, 3], [4, 5], [0, 1]]  # check
# --8<-- [end:repeating_loader]

# --8<-- [start:iter_every_step]
import torch
from torch.utils.data import DataLoader

loader = DataLoader(range(6), batch_size=2, shuffle=False)
# 普通 DataLoader：每步都是新一轮的第一批
got = [next(iter(loader)).tolist() for _ in range(3)]
print("shuffle=False:", got)
assert got == [[0, 1], [0, 1], [0, 1]]  # check

g = torch.Generator().manual_seed(0)
loader = DataLoader(range(10), batch_size=2, shuffle=True, generator=g)
# 走“一轮”的步数
got = [next(iter(loader)).tolist() for _ in range(len(loader))]
print("shuffle=True :", got)
# 不等于一轮：有的样本重复，有的没见到
print("seen:", sorted(sum(got, [])))
assert sorted(sum(got, [])) != list(range(10))  # check
# --8<-- [end:iter_every_step]

# --8<-- [start:iter_every_step_workers]
import multiprocessing

from torch.utils.data import DataLoader

starts = multiprocessing.get_context("fork").Value("i", 0)


def count_start(worker_id):
    with starts.get_lock():
        starts.value += 1


loader = DataLoader(range(6), batch_size=2, num_workers=2,
                    worker_init_fn=count_start, multiprocessing_context="fork")
for _ in range(3):
    next(iter(loader))
# 每步都重新启动 2 个工作进程
print("worker starts, iter() every step:", starts.value)
assert starts.value == 6  # check

starts.value = 0
for batch in loader:                               # 正确写法：一轮只建一次迭代器
    pass
print("worker starts, one epoch        :", starts.value)
assert starts.value == 2  # check

starts.value = 0
kept = DataLoader(range(6), batch_size=2, num_workers=2,
                  worker_init_fn=count_start, multiprocessing_context="fork",
                  persistent_workers=True)
for _ in range(3):
    next(iter(kept))                               # 常驻的工作进程：不重启
print("worker starts, persistent       :", starts.value)
assert starts.value == 2  # check
del kept                                           # 关闭常驻的工作进程
# --8<-- [end:iter_every_step_workers]

# --8<-- [start:add]
import torch
from torch.utils.data import Dataset


class Squares(Dataset):                            # 与第一段相同
    def __init__(self, n):
        self.values = [i * i for i in range(n)]

    def __len__(self):
        return len(self.values)

    def __getitem__(self, idx):
        return torch.tensor(self.values[idx])


both = Squares(3) + Squares(2)                     # Dataset.__add__
# 第 3 个是第二个数据集的第 0 个
print(type(both).__name__, [both[i].item() for i in range(len(both))])
assert len(both) == 5 and both[3].item() == 0  # check
# --8<-- [end:add]
