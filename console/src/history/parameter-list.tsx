import { Fact } from "./fact.tsx";

function isGroup(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * A strategy's parameters as it ran, one per line: each name and its value; a group of parameters (a calibration's
 * weights, say) as a list of its own under its name.
 */
export function ParameterList(props: { parameters: unknown }) {
  const { parameters } = props;
  if (!isGroup(parameters)) return <pre>{valueText(parameters)}</pre>;
  const entries = Object.entries(parameters);
  if (entries.length === 0) return <p class="muted">None.</p>;
  return (
    <dl class="facts parameters">
      {entries.map(([name, value]) =>
        isGroup(value) ? (
          <Fact key={name} name={name} wide>
            <ParameterList parameters={value} />
          </Fact>
        ) : (
          <Fact key={name} name={name}>
            <code>{valueText(value)}</code>
          </Fact>
        ),
      )}
    </dl>
  );
}
