# accelerate 1.x, transformers >= 4.56 (HF Trainer), DeepSpeed >= 0.15: the TrainingArguments of model-architect candidate A.
# In train.py: build the model from config.json, pass `args` and your tokenized dataset to Trainer.
import torch
from transformers import AutoConfig, AutoModelForCausalLM, TrainingArguments

config = AutoConfig.from_pretrained(".")  # the config.json written beside this file
config.initializer_range = 0.02
model = AutoModelForCausalLM.from_config(config, attn_implementation="flash_attention_2", torch_dtype=torch.float32)

args = TrainingArguments(
    output_dir="./outputs",
    per_device_train_batch_size=4,
    gradient_accumulation_steps=2,
    max_steps=10809,
    learning_rate=0.00126,
    lr_scheduler_type="cosine_with_min_lr",
    lr_scheduler_kwargs={"min_lr_rate": 0.09999999999999999},
    warmup_steps=1080,
    adam_beta1=0.9,
    adam_beta2=0.95,
    adam_epsilon=1e-08,
    weight_decay=0.1,
    max_grad_norm=1.0,
    optim="adamw_torch_fused",
    bf16=True,
    gradient_checkpointing=False,
    save_strategy="steps",
    save_steps=5426,
    logging_steps=10,
)
