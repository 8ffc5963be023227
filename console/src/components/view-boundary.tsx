import { Component, type ComponentChildren } from "preact";
import { type Route, routeHref, type View } from "../routing.ts";
import { ErrorMessage } from "./error-message.tsx";

/** The link back to each view's start: its list, or the view itself. */
const wayBack: Record<View, string> = {
  ask: "Ask a question",
  corpora: "All corpora",
  experiments: "All experiments",
  history: "All asks",
};

interface ViewBoundaryState {
  readonly failed: boolean;
  readonly error: unknown;
}

/**
 * Catches what a view throws while it renders, so that one view's failure never blanks the console: the error is
 * shown in the view's place with a link back to its list and a way to try again. Another route shows again.
 */
export class ViewBoundary extends Component<{ route: Route; children: ComponentChildren }, ViewBoundaryState> {
  override state: ViewBoundaryState = { failed: false, error: undefined };

  static override getDerivedStateFromError(error: unknown): ViewBoundaryState {
    return { failed: true, error };
  }

  override componentDidUpdate(previous: { route: Route }): void {
    if (this.state.failed && previous.route !== this.props.route) this.setState({ failed: false, error: undefined });
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const { view } = this.props.route;
    return (
      <section aria-labelledby="view-failure-title">
        <p class="breadcrumb">
          <a href={routeHref(view)}>{wayBack[view]}</a>
        </p>
        <h1 id="view-failure-title" tabIndex={-1}>
          This view could not be shown
        </h1>
        <ErrorMessage error={this.state.error} />
        <p>Something in what it was showing went wrong. Go back with the link above, or try again.</p>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => this.setState({ failed: false, error: undefined })}>
            Try again
          </button>
        </div>
      </section>
    );
  }
}
