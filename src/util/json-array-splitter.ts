const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

/** The text is not one JSON array: what is wrong, said for a person. */
export class JsonArrayShapeError extends Error {
  override readonly name = "JsonArrayShapeError";
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;
}

/**
 * Cuts the text of one JSON array, fed in pieces of any size, into the texts of its elements, without parsing them:
 * a file of any size is read one element at a time (JSON.parse each). It follows only strings and brackets, so an
 * element that is not valid JSON comes out as it is, for the caller's JSON.parse to refuse, and the elements after it
 * still come out. Text before the opening bracket throws a `JsonArrayShapeError`; text after the closing one, and an
 * array never closed, throw one from `end`, after every element before them has come out.
 */
export class JsonArraySplitter {
  private state: "before" | "inside" | "after" = "before";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private partial = "";
  private elements = 0;
  private separators = 0;
  /** Text came after the closing bracket: `end` says so, once the elements before it are out. */
  private trailing = false;

  /** The elements that this piece completes, in order. */
  push(piece: string): string[] {
    const complete: string[] = [];
    let start = 0;
    for (let index = 0; index < piece.length; index++) {
      const code = piece.charCodeAt(index);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === backslash) this.escaped = true;
        else if (code === quote) this.inString = false;
        continue;
      }
      if (this.state !== "inside") {
        if (isBlank(code)) continue;
        if (this.state === "after") {
          this.trailing = true;
          break;
        }
        if (code !== openBracket) throw new JsonArrayShapeError("the text does not start with [");
        this.state = "inside";
        this.depth = 1;
        start = index + 1;
        continue;
      }
      if (code === quote) this.inString = true;
      else if (code === openBrace || code === openBracket) this.depth++;
      else if (code === closeBrace || code === closeBracket) {
        this.depth--;
        if (this.depth === 0) {
          const last = this.partial + piece.slice(start, index);
          this.partial = "";
          if (last.trim() !== "" || this.separators > 0) complete.push(this.complete(last));
          this.state = "after";
        }
      } else if (code === comma && this.depth === 1) {
        complete.push(this.complete(this.partial + piece.slice(start, index)));
        this.partial = "";
        this.separators++;
        start = index + 1;
      }
    }
    if (this.state === "inside") this.partial += piece.slice(start);
    return complete;
  }

  /** Says that the text is over: throws when the array never closed, or when more came after it. */
  end(): void {
    if (this.trailing)
      throw new JsonArrayShapeError(`there is more after the array closes, following element ${this.elements}`);
    if (this.state === "before") throw new JsonArrayShapeError("the text holds no array");
    if (this.state === "inside")
      throw new JsonArrayShapeError(`the text ends inside element ${this.elements + 1}, before the array closes`);
  }

  private complete(text: string): string {
    this.elements++;
    return text;
  }
}
