import type { ComponentChildren } from "preact";

/**
 * One name and its value in a list of facts (a `dl`): side by side, or the value under its name when it is `wide`
 * (a list of its own).
 */
export function Fact(props: { name: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <div class={props.wide ? "fact wide" : "fact"}>
      <dt>{props.name}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}
