import type { Float32Tensor } from "./safetensors.ts";

/** How a head's hidden layers are squashed; "gelu-tanh" is GELU's tanh approximation (torch's approximate="tanh"). */
export type Activation = "gelu-tanh" | "relu" | "identity";

interface Linear {
  readonly weight: Float32Tensor;
  readonly bias: Float32Tensor | undefined;
}

/** A stack of linear layers with an activation between them: the small head that maps a pooled state to an embedding. */
export class DenseHead {
  private constructor(
    private readonly layers: readonly Linear[],
    private readonly activation: Activation,
  ) {}

  /** Checks that each layer's input matches the previous layer's output, starting from `inputSize`. */
  static build(layers: readonly Linear[], activation: Activation, inputSize: number): DenseHead {
    let size = inputSize;
    for (const [index, layer] of layers.entries()) {
      const [outputs = 0, inputs = 0] = layer.weight.shape;
      if (layer.weight.shape.length !== 2 || inputs !== size) {
        throw new Error(`head layer ${index}: weight [${layer.weight.shape.join(", ")}] does not take ${size} inputs`);
      }
      if (layer.bias && (layer.bias.shape.length !== 1 || layer.bias.shape[0] !== outputs)) {
        throw new Error(`head layer ${index}: bias [${layer.bias.shape.join(", ")}] does not match ${outputs} outputs`);
      }
      size = outputs;
    }
    return new DenseHead(layers, activation);
  }

  get outputSize(): number {
    return this.layers.at(-1)?.weight.shape[0] ?? 0;
  }

  apply(input: Float32Array): Float32Array {
    let vector = input;
    for (const [index, layer] of this.layers.entries()) {
      const [outputs = 0, inputs = 0] = layer.weight.shape;
      const weight = layer.weight.data;
      const next = new Float32Array(outputs);
      for (let row = 0; row < outputs; row++) {
        let sum = layer.bias ? (layer.bias.data[row] as number) : 0;
        const offset = row * inputs;
        for (let column = 0; column < inputs; column++) {
          sum += (weight[offset + column] as number) * (vector[column] as number);
        }
        next[row] = index < this.layers.length - 1 ? activate(sum, this.activation) : sum;
      }
      vector = next;
    }
    return vector;
  }
}

function activate(value: number, activation: Activation): number {
  if (activation === "relu") return Math.max(0, value);
  if (activation === "identity") return value;
  return 0.5 * value * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (value + 0.044715 * value ** 3)));
}
