"""The 财政局's framework editor: write a framework in the browser, keep its versions, try it on a past round."""
