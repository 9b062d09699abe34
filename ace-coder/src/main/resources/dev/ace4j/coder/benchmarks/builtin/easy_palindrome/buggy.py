def is_palindrome(s: str) -> bool:
    # Bug: skips only spaces, so punctuation still counts.
    chars = [c.lower() for c in s if c != " "]
    return chars == chars[::-1]
