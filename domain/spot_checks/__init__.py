"""Double random, one public (双随机、一公开): spot-check plans with four eyes and a seed
commitment, pools frozen from the record by risk tier, the reproducible draw, recusals and voids."""
