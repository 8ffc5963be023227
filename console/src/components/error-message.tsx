import { ApiError } from "../api/api-error.ts";

/** An error as the person should read it: the server's message and its code. */
export function ErrorMessage(props: { error: unknown }) {
  if (props.error === undefined) return null;
  const error = props.error;
  const text =
    error instanceof ApiError
      ? `${error.message} (${error.code})`
      : error instanceof Error
        ? error.message
        : "Something went wrong.";
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}
